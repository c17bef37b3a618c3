using Amazon.DynamoDBv2;
using AwsMultiEni.Storage.Clustering;
using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AwsMultiEni.Tests.Storage;

/// <summary>What a provider needs from a silo, without a silo: Orleans serialization, cluster ids and a table initializer.</summary>
internal sealed class StorageTestServices : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public StorageTestServices(IAmazonDynamoDB client, string serviceId, string clusterId)
    {
        Client = client;
        Cluster = Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = clusterId });
        Tables = new DynamoDBTableInitializer(client, NullLogger<DynamoDBTableInitializer>.Instance);
    }

    public IAmazonDynamoDB Client { get; }

    public IOptions<ClusterOptions> Cluster { get; }

    public DynamoDBTableInitializer Tables { get; }

    public IActivatorProvider Activators => _services.GetRequiredService<IActivatorProvider>();

    public IGrainStorageSerializer Serializer => new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>());

    public static ILogger<T> Logger<T>() => NullLogger<T>.Instance;

    /// <summary>The membership table of <paramref name="clusterId"/> in <paramref name="table"/>, as a silo of that cluster sees it.</summary>
    public DynamoDBMembershipTable Membership(string table, string clusterId) => new(
        Options.Create(new DynamoDBClusteringOptions { TableName = table }),
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = Cluster.Value.ServiceId }),
        Client,
        Tables,
        Logger<DynamoDBMembershipTable>());

    /// <summary>Disposes the client too: every test hands its client over.</summary>
    public void Dispose()
    {
        Client.Dispose();
        _services.Dispose();
    }
}
