using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Messaging;

namespace AwsMultiEni.Storage.Clustering.Hosting;

/// <summary>Uses the DynamoDB membership table for silos, and its gateway list for clients.</summary>
public static class DynamoDBClusteringHostingExtensions
{
    public static ISiloBuilder UseDynamoDBClustering(this ISiloBuilder builder, Action<DynamoDBClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions(builder.Services, configure).AddSingleton<IMembershipTable, DynamoDBMembershipTable>();
        return builder;
    }

    public static IClientBuilder UseDynamoDBClustering(this IClientBuilder builder, Action<DynamoDBClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions(builder.Services, configure).AddSingleton<IGatewayListProvider, DynamoDBGatewayListProvider>();
        return builder;
    }

    private static IServiceCollection AddOptions(IServiceCollection services, Action<DynamoDBClusteringOptions> configure)
    {
        services.AddDynamoDBProviderPlumbing();
        services.AddOptions<DynamoDBClusteringOptions>().Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp => new DynamoDBClusteringOptionsValidator(sp.GetRequiredService<IOptions<DynamoDBClusteringOptions>>().Value));
        return services;
    }
}
