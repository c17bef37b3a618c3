using System.Collections.Concurrent;
using System.Text.Json;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace AwsMultiEni.Tests.Storage;

/// <summary>One authorization IAM makes for a DynamoDB request: the action and the table's (or index's) ARN.</summary>
internal sealed record DynamoDBAuthorization(string Action, string Resource);

/// <summary>
/// A DynamoDB client that records, from the requests it puts on the wire, every authorization IAM would make for them:
/// <c>dynamodb:</c> plus the operation (the <c>X-Amz-Target</c> header) on the table named in the body, or on
/// <c>table/T/index/I</c> for a query or scan of an index. A transaction is no IAM action of its own: IAM authorizes each
/// item's action (<c>Put</c> as PutItem, <c>Get</c> as GetItem, ...) on that item's table. Requests reach moto one at a
/// time, as <see cref="Infrastructure.MotoDynamoDB.CreateSerializedDynamoDBClient(Infrastructure.MotoServer)"/>'s do.
/// </summary>
internal sealed class DynamoDBOperationLog : IDisposable
{
    private const string Account = "123456789012";

    private static readonly IReadOnlyDictionary<string, string> TransactionItemActions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Put"] = "PutItem", ["Update"] = "UpdateItem", ["Delete"] = "DeleteItem", ["ConditionCheck"] = "ConditionCheckItem", ["Get"] = "GetItem",
    };

    private readonly ConcurrentQueue<DynamoDBAuthorization> _authorizations = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly string _region;
    private readonly IReadOnlyDictionary<string, string> _tableNames;

    /// <param name="tableNames">The tables' names in this test by the names the policy grants (a test's own names keep tests apart on one moto).</param>
    public DynamoDBOperationLog(Uri endpoint, string region, IReadOnlyDictionary<string, string> tableNames)
    {
        _region = region;
        _tableNames = tableNames;
        AWSConfigs.InitializeCollections = true;
        Client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 1, HttpClientFactory = new RecordingHttpClientFactory(this) });
    }

    public IAmazonDynamoDB Client { get; }

    public IReadOnlyList<DynamoDBAuthorization> Authorizations => [.. _authorizations.Distinct()];

    public void Dispose()
    {
        Client.Dispose();
        _oneAtATime.Dispose();
    }

    private async Task RecordAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.Single() : throw new InvalidOperationException("A DynamoDB request without X-Amz-Target.");
        var operation = target[(target.LastIndexOf('.') + 1)..];
        await request.Content!.LoadIntoBufferAsync(cancellationToken);
        using var body = JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        var root = body.RootElement;
        if (root.TryGetProperty("TransactItems", out var items))
        {
            foreach (var (kind, item) in items.EnumerateArray().SelectMany(i => i.EnumerateObject().Select(p => (p.Name, p.Value))))
            {
                Add(TransactionItemActions[kind], Table(item.GetProperty("TableName").GetString()!));
            }

            return;
        }

        if (root.TryGetProperty("RequestItems", out var batch))
        {
            foreach (var table in batch.EnumerateObject())
            {
                Add(operation, Table(table.Name));
            }

            return;
        }

        var tableArn = Table(root.GetProperty("TableName").GetString()!);
        Add(operation, root.TryGetProperty("IndexName", out var index) ? $"{tableArn}/index/{index.GetString()}" : tableArn);
    }

    private string Table(string name) => $"arn:aws:dynamodb:{_region}:{Account}:table/{_tableNames.FirstOrDefault(pair => pair.Value == name).Key ?? name}";

    private void Add(string operation, string resource) => _authorizations.Enqueue(new DynamoDBAuthorization("dynamodb:" + operation, resource));

    private sealed class RecordingHttpClientFactory(DynamoDBOperationLog log) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new RecordingHandler(log));
    }

    private sealed class RecordingHandler(DynamoDBOperationLog log) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await log._oneAtATime.WaitAsync(cancellationToken);
            try
            {
                await log.RecordAsync(request, cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                log._oneAtATime.Release();
            }
        }
    }
}
