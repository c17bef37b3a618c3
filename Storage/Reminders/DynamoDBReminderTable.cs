using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AwsMultiEni.Storage.Reminders.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace AwsMultiEni.Storage.Reminders;

/// <summary>
/// Orleans' reminder table in DynamoDB. Range reads query the (ServiceId, GrainHash) index rather than
/// scanning the table; the ETag is a counter DynamoDB increments atomically on every upsert, so a remove
/// with a stale ETag fails instead of deleting a reminder that was re-registered meanwhile.
/// </summary>
public sealed class DynamoDBReminderTable(
    IOptions<DynamoDBReminderOptions> options,
    IOptions<ClusterOptions> clusterOptions,
    IAmazonDynamoDB client,
    DynamoDBTableInitializer tables) : IReminderTable
{
    private const string ServiceIdValue = ":serviceId";
    private const string HashValue = ":hash";
    private const string EndHashValue = ":endHash";
    private const string GrainValue = ":grain";
    private const string ExpectedETag = ":expectedETag";

    private readonly DynamoDBReminderOptions _options = options.Value;
    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    public Task StartAsync(CancellationToken cancellationToken) => tables.EnsureAsync(ReminderRow.Table, _options, cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var request = IndexQuery($"{ReminderRow.GrainHash} = {HashValue}", grainId.GetUniformHashCode());
        request.FilterExpression = $"{ReminderRow.GrainReference} = {GrainValue}";
        request.ExpressionAttributeValues[GrainValue] = DynamoDBAttributes.String(grainId.ToString());
        return new ReminderTableData(await ReadEntriesAsync([request], cancellationToken));
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Reminders of grains whose hash lies in the ring range (begin, end], which wraps past uint.MaxValue when begin ≥ end.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        QueryRequest[] queries = begin < end
            ? [IndexQuery($"{ReminderRow.GrainHash} BETWEEN {HashValue} AND {EndHashValue}", begin + 1L, end)]
            : [IndexQuery($"{ReminderRow.GrainHash} > {HashValue}", begin), IndexQuery($"{ReminderRow.GrainHash} <= {HashValue}", end)];
        return new ReminderTableData(await ReadEntriesAsync(queries, cancellationToken));
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(
            new GetItemRequest { TableName = _options.TableName, Key = ReminderRow.Key(_serviceId, grainId, reminderName), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? ReminderRow.ToEntry(item) : null;
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var response = await client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = _options.TableName,
                Key = ReminderRow.Key(_serviceId, entry.GrainId, entry.ReminderName),
                UpdateExpression = "SET #serviceId = :serviceId, #grain = :grain, #name = :name, #start = :start, #period = :period ADD #etag :one",
                ExpressionAttributeNames = new()
                {
                    ["#serviceId"] = ReminderRow.ServiceId,
                    ["#grain"] = ReminderRow.GrainReference,
                    ["#name"] = ReminderRow.ReminderName,
                    ["#start"] = ReminderRow.StartTime,
                    ["#period"] = ReminderRow.Period,
                    ["#etag"] = ReminderRow.ETag,
                },
                ExpressionAttributeValues = new()
                {
                    [ServiceIdValue] = DynamoDBAttributes.String(_serviceId),
                    [GrainValue] = DynamoDBAttributes.String(entry.GrainId.ToString()),
                    [":name"] = DynamoDBAttributes.String(entry.ReminderName),
                    [":start"] = DynamoDBAttributes.Time(entry.StartAt),
                    [":period"] = DynamoDBAttributes.String(ReminderRow.FormatPeriod(entry.Period)),
                    [":one"] = DynamoDBAttributes.Number(1),
                },
                ReturnValues = ReturnValue.UPDATED_NEW,
            },
            cancellationToken);
        entry.ETag = response.Attributes[ReminderRow.ETag].N;
        return entry.ETag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (!DynamoDBAttributes.TryParseETag(eTag, out var expected))
        {
            return false;
        }

        try
        {
            await client.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = _options.TableName,
                    Key = ReminderRow.Key(_serviceId, grainId, reminderName),
                    ConditionExpression = $"#etag = {ExpectedETag}",
                    ExpressionAttributeNames = new() { ["#etag"] = ReminderRow.ETag },
                    ExpressionAttributeValues = new() { [ExpectedETag] = DynamoDBAttributes.Number(expected) },
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = _options.TableName,
            IndexName = ReminderRow.ServiceIdIndex,
            KeyConditionExpression = $"{ReminderRow.ServiceId} = {ServiceIdValue}",
            ExpressionAttributeValues = new() { [ServiceIdValue] = DynamoDBAttributes.String(_serviceId) },
        };
        foreach (var item in await client.QueryAllAsync(request, cancellationToken))
        {
            var key = new Dictionary<string, AttributeValue> { [ReminderRow.ReminderId] = item[ReminderRow.ReminderId], [ReminderRow.GrainHash] = item[ReminderRow.GrainHash] };
            await client.DeleteItemAsync(_options.TableName, key, cancellationToken);
        }
    }

    private QueryRequest IndexQuery(string hashCondition, long hash, long? endHash = null)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [ServiceIdValue] = DynamoDBAttributes.String(_serviceId),
            [HashValue] = DynamoDBAttributes.Number(hash),
        };
        if (endHash is { } e)
        {
            values[EndHashValue] = DynamoDBAttributes.Number(e);
        }

        return new QueryRequest
        {
            TableName = _options.TableName,
            IndexName = ReminderRow.ServiceIdIndex,
            KeyConditionExpression = $"{ReminderRow.ServiceId} = {ServiceIdValue} AND {hashCondition}",
            ExpressionAttributeValues = values,
        };
    }

    private async Task<List<ReminderEntry>> ReadEntriesAsync(IEnumerable<QueryRequest> queries, CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        foreach (var query in queries)
        {
            entries.AddRange((await client.QueryAllAsync(query, cancellationToken)).Select(ReminderRow.ToEntry));
        }

        return entries;
    }
}
