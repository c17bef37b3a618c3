using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// A DynamoDB client whose queries return one item per page, with a change made by someone else after the
/// first page. DynamoDB's queries are read-committed per item, not snapshots: a transaction that lands while a
/// query runs can show in the items read after it and not in those read before. Pages of one item make that
/// moment fall between two known items, every time.
/// </summary>
internal sealed class PagingDynamoDBClient(Uri serviceUrl, string region, Func<Task> afterFirstPage)
    : AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = region })
{
    private int _pages;

    public override async Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Limit = 1;
        var page = await base.QueryAsync(request, cancellationToken);
        if (Interlocked.Increment(ref _pages) == 1)
        {
            await afterFirstPage();
        }

        return page;
    }
}
