using System.Collections.Concurrent;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>DynamoDB clients aimed at a <see cref="MotoServer"/>.</summary>
public static class MotoDynamoDB
{
    private static readonly ConcurrentDictionary<Uri, SemaphoreSlim> Gates = new();

    public static IAmazonDynamoDB CreateDynamoDBClient(this MotoServer moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        return CreateDynamoDBClient(moto.Url, moto.Region);
    }

    /// <summary>
    /// A client whose requests reach moto one at a time. Real DynamoDB isolates concurrent conditional writes and
    /// transactions; moto does not, so racing writers are serialized on the wire and DynamoDB's condition checks,
    /// not moto's thread scheduling, decide who wins.
    /// </summary>
    public static IAmazonDynamoDB CreateSerializedDynamoDBClient(this MotoServer moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        return CreateSerializedDynamoDBClient(moto.Url, moto.Region);
    }

    /// <summary>
    /// As <see cref="CreateSerializedDynamoDBClient(MotoServer)"/>, for silos that only know the endpoint. Every such
    /// client of one endpoint shares one gate, so silos started in this process (a TestCluster) never race each other
    /// inside moto either.
    /// </summary>
    public static IAmazonDynamoDB CreateSerializedDynamoDBClient(Uri serviceUrl, string region) =>
        CreateDynamoDBClient(serviceUrl, region, new OneRequestAtATimeHttpClientFactory(Gates.GetOrAdd(serviceUrl, _ => new SemaphoreSlim(1, 1))));

    /// <summary>A client for any endpoint, e.g. a closed port to test unreachable DynamoDB.</summary>
    public static IAmazonDynamoDB CreateDynamoDBClient(Uri serviceUrl, string region) => CreateDynamoDBClient(serviceUrl, region, httpClientFactory: null);

    private static AmazonDynamoDBClient CreateDynamoDBClient(Uri serviceUrl, string region, HttpClientFactory? httpClientFactory)
    {
        AWSConfigs.InitializeCollections = true;
        return new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = region, MaxErrorRetry = 1, HttpClientFactory = httpClientFactory });
    }

    /// <summary>A table or id no other test class uses, so classes can share one moto and run in parallel.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Every HttpClient the SDK asks for shares the gate, however many it pools.</summary>
    private sealed class OneRequestAtATimeHttpClientFactory(SemaphoreSlim gate) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new OneRequestAtATimeHandler(gate));

        private sealed class OneRequestAtATimeHandler(SemaphoreSlim gate) : DelegatingHandler(new HttpClientHandler())
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    return await base.SendAsync(request, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
    }
}
