using Amazon.DynamoDBv2;
using AwsMultiEni.Storage.Clustering.Hosting;
using AwsMultiEni.Storage.GrainStorage.Hosting;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Storage;

/// <summary>Configuration keys a test passes to its TestCluster's silos and client through <see cref="TestClusterBuilder.Properties"/>.</summary>
internal static class DynamoDBTestClusterKeys
{
    public const string MotoUrl = "Test:MotoUrl";
    public const string MotoRegion = "Test:MotoRegion";
    public const string SilosTable = "Test:SilosTable";
    public const string GrainStateTable = "Test:GrainStateTable";

    /// <summary>
    /// A TestCluster whose silos (configured by the caller's configurator) find each other through the DynamoDB membership
    /// table in moto and whose client finds them there too: fresh cluster and service ids, the tables named.
    /// </summary>
    public static TestClusterBuilder Builder(MotoServer moto, short silos, string silosTable, string grainStateTable)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ClusterId = MotoDynamoDB.UniqueName("cluster");
        builder.Options.ServiceId = MotoDynamoDB.UniqueName("service");
        builder.Properties[MotoUrl] = moto.Url.ToString();
        builder.Properties[MotoRegion] = moto.Region;
        builder.Properties[SilosTable] = silosTable;
        builder.Properties[GrainStateTable] = grainStateTable;
        builder.AddClientBuilderConfigurator<DynamoDBClientConfigurator>();
        return builder;
    }

    public static IAmazonDynamoDB Client(IConfiguration configuration) =>
        MotoDynamoDB.CreateSerializedDynamoDBClient(new Uri(configuration[MotoUrl]!), configuration[MotoRegion]!);
}

/// <summary>Silos that form their cluster through the DynamoDB membership table and keep grain state in DynamoDB.</summary>
public sealed class DynamoDBSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        var configuration = siloBuilder.Configuration;
        siloBuilder.Services.AddSingleton(_ => DynamoDBTestClusterKeys.Client(configuration));
        siloBuilder.UseDynamoDBClustering(o => o.TableName = configuration[DynamoDBTestClusterKeys.SilosTable]!);
        siloBuilder.AddDynamoDBGrainStorageAsDefault(o => o.TableName = configuration[DynamoDBTestClusterKeys.GrainStateTable]!);

        siloBuilder.Configure<ClusterMembershipOptions>(TestMembership.Apply);
        siloBuilder.Services.TrackSiloLiveness();
    }
}

/// <summary>A client that finds the gateways in the DynamoDB membership table.</summary>
public sealed class DynamoDBClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        ArgumentNullException.ThrowIfNull(clientBuilder);
        clientBuilder.Services.AddSingleton(_ => DynamoDBTestClusterKeys.Client(configuration));
        clientBuilder.UseDynamoDBClustering(o => o.TableName = configuration[DynamoDBTestClusterKeys.SilosTable]!);
        clientBuilder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        // Generous: on a loaded CI machine moto answers slowly, and a timed-out call would fail the test, not the product.
        clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
    }
}
