using Amazon.DynamoDBv2;
using AwsMultiEni.Silo.Storage.Shared;
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

    public void Dispose() => _services.Dispose();
}
