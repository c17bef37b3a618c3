using System.Collections.Concurrent;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// A DynamoDB client for a benchmark's silos that counts the requests it puts on the wire, by operation (the
/// <c>X-Amz-Target</c> header, retries included): what DynamoDB would bill, whatever the providers above it do.
/// </summary>
internal sealed class DynamoDBRequestCounter : IDisposable
{
    private static readonly HashSet<string> WriteOperations = new(StringComparer.Ordinal)
    {
        "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems",
    };

    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly AmazonDynamoDBClient _client;

    public DynamoDBRequestCounter(Uri endpoint, string region)
    {
        AWSConfigs.InitializeCollections = true;
        _client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, HttpClientFactory = new CountingHttpClientFactory(this) });
    }

    public IAmazonDynamoDB Client => _client;

    /// <summary>Requests so far by operation.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => new SortedDictionary<string, int>(_requests, StringComparer.Ordinal);

    public static bool IsWrite(string operation) => WriteOperations.Contains(operation);

    public void Dispose() => _client.Dispose();

    private void Count(HttpRequestMessage request)
    {
        // X-Amz-Target: DynamoDB_20120810.PutItem
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() : null;
        var operation = target is null ? "(unknown)" : target[(target.LastIndexOf('.') + 1)..];
        _requests.AddOrUpdate(operation, 1, (_, n) => n + 1);
    }

    private sealed class CountingHttpClientFactory(DynamoDBRequestCounter counter) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CountingHandler(counter));
    }

    private sealed class CountingHandler(DynamoDBRequestCounter counter) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Count(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
