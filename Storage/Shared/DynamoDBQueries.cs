using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AwsMultiEni.Storage.Shared;

/// <summary>Reads every page of a query, since DynamoDB returns at most 1 MB per call.</summary>
internal static class DynamoDBQueries
{
    public static async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(this IAmazonDynamoDB client, QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var response = await client.QueryAsync(request, cancellationToken);
            items.AddRange(response.Items ?? []);
            request.ExclusiveStartKey = response.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });

        return items;
    }
}
