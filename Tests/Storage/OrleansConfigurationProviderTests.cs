using Amazon.DynamoDBv2;
using AwsMultiEni.Storage.Clustering;
using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Storage.GrainStorage;
using AwsMultiEni.Storage.Reminders;
using AwsMultiEni.Storage.Reminders.Options;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Messaging;
using Orleans.Storage;

namespace AwsMultiEni.Tests.Storage;

/// <summary>Orleans' own configuration (<c>ProviderType=DynamoDB</c>) selects these providers, as it does Orleans' official ones.</summary>
public sealed class OrleansConfigurationProviderTests
{
    [Fact]
    public void A_silo_configured_with_ProviderType_DynamoDB_uses_the_DynamoDB_membership_grain_storage_and_reminders()
    {
        var builder = Builder(new()
        {
            ["Orleans:Clustering:ProviderType"] = "DynamoDB",
            ["Orleans:Clustering:TableName"] = "MySilos",
            ["Orleans:GrainStorage:Default:ProviderType"] = "DynamoDB",
            ["Orleans:Reminders:ProviderType"] = "DynamoDB",
            ["Orleans:Reminders:CreateIfNotExists"] = "false",
        });
        builder.UseOrleans(_ => { });
        using var host = builder.Build();

        Assert.IsType<DynamoDBMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());
        Assert.Equal("MySilos", host.Services.GetRequiredService<IOptions<DynamoDBClusteringOptions>>().Value.TableName);
        Assert.IsType<DynamoDBGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<DynamoDBReminderTable>(host.Services.GetRequiredService<IReminderTable>());
        Assert.False(host.Services.GetRequiredService<IOptions<DynamoDBReminderOptions>>().Value.CreateIfNotExists);
    }

    [Fact]
    public void A_client_configured_with_ProviderType_DynamoDB_finds_gateways_in_the_membership_table()
    {
        var builder = Builder(new() { ["Orleans:Clustering:ProviderType"] = "DynamoDB" });
        builder.UseOrleansClient(_ => { });
        using var host = builder.Build();

        Assert.IsType<DynamoDBGatewayListProvider>(host.Services.GetRequiredService<IGatewayListProvider>());
        Assert.Equal(DynamoDBClusteringOptions.DefaultTableName, host.Services.GetRequiredService<IOptions<DynamoDBClusteringOptions>>().Value.TableName);
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => MotoDynamoDB.CreateDynamoDBClient(new Uri("http://127.0.0.1:1"), "us-east-1"));
        return builder;
    }
}
