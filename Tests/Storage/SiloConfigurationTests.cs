using Amazon.DynamoDBv2;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AwsMultiEni.Tests.Storage;

/// <summary>Bad DynamoDB configuration stops the silo host at start-up with a message that says what to fix.</summary>
public sealed class SiloConfigurationTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("Orleans:Clustering:Provider")]
    [InlineData("Orleans:Persistence:Provider")]
    public void An_unknown_provider_name_is_rejected_naming_the_key_and_the_known_providers(string key)
    {
        var builder = HostBuilder(new() { [key] = "Dynamo" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddFleetSilo());

        Assert.Contains($"'{key}' is 'Dynamo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_table_with_creation_off_fails_start_up_naming_the_table_and_the_setting()
    {
        var tables = new Dictionary<string, string?>
        {
            ["Orleans:DynamoDB:SilosTable"] = MotoDynamoDB.UniqueName("Silos"),
            ["Orleans:DynamoDB:GrainStateTable"] = MotoDynamoDB.UniqueName("GrainState"),
            ["Orleans:DynamoDB:RemindersTable"] = MotoDynamoDB.UniqueName("Reminders"),
        };
        using var client = moto.CreateDynamoDBClient();

        var error = await StartFailureAsync(client, new(tables) { ["Orleans:DynamoDB:CreateTables"] = "false" });

        // Providers start concurrently, so whichever reaches its missing table first reports it.
        Assert.Contains(tables.Values, table => error.Contains($"DynamoDB table '{table}' does not exist", StringComparison.Ordinal));
        Assert.Contains("Orleans__DynamoDB__CreateTables", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_start_up_naming_the_endpoint_and_the_settings()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        using var client = MotoDynamoDB.CreateDynamoDBClient(closed, moto.Region);

        var error = await StartFailureAsync(client, []);

        Assert.Contains($"Cannot reach DynamoDB at {closed}", error, StringComparison.Ordinal);
        Assert.Contains("AWS_ENDPOINT_URL_DYNAMODB", error, StringComparison.Ordinal);
    }

    private static HostApplicationBuilder HostBuilder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    /// <summary>Starts a DynamoDB-backed silo that must fail, and returns every message of the failure's exception chain.</summary>
    private static async Task<string> StartFailureAsync(IAmazonDynamoDB client, Dictionary<string, string?> settings)
    {
        settings["Orleans:ClusterId"] = MotoDynamoDB.UniqueName("cluster");
        settings["Orleans:Clustering:Provider"] = "DynamoDB";
        settings["Orleans:Persistence:Provider"] = "DynamoDB";
        settings["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Orleans:Endpoints:AdvertisedIP"] = "127.0.0.1";
        var builder = HostBuilder(settings);
        builder.Services.AddSingleton(client);
        builder.AddFleetSilo();
        using var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(timeout.Token));

        Assert.False(timeout.IsCancellationRequested, "start-up hung instead of failing");
        return Messages(error);
    }

    private static string Messages(Exception error) =>
        string.Join(" | ", Flatten(error).Select(e => e.Message));

    private static IEnumerable<Exception> Flatten(Exception error) =>
        error is AggregateException aggregate
            ? aggregate.InnerExceptions.SelectMany(Flatten).Prepend(error)
            : error.InnerException is { } inner ? Flatten(inner).Prepend(error) : [error];
}
