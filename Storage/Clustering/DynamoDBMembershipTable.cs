using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace AwsMultiEni.Storage.Clustering;

/// <summary>
/// Orleans' membership table in DynamoDB. Every change to a silo row also moves the cluster's version row,
/// in one TransactWriteItems call conditional on both ETags, so that exactly one of several racing
/// writers wins and the losers get <c>false</c> and re-read, as <see cref="IMembershipTable"/> requires.
/// </summary>
public sealed partial class DynamoDBMembershipTable(
    IOptions<DynamoDBClusteringOptions> options,
    IOptions<ClusterOptions> clusterOptions,
    IAmazonDynamoDB client,
    DynamoDBTableInitializer tables,
    ILogger<DynamoDBMembershipTable> logger) : IMembershipTable
{
    private const string ExpectedETag = ":expectedETag";
    private const string NewETag = ":newETag";
    private const string NewVersion = ":newVersion";
    private const string ClusterIdValue = ":clusterId";
    private const int MaxReadAllAttempts = 5;

    private readonly DynamoDBClusteringOptions _options = options.Value;
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    private string TableName => _options.TableName;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await tables.EnsureAsync(SiloRow.Table, _options, cancellationToken);
        if (!tryInitTableVersion)
        {
            return;
        }

        var versionRow = SiloRow.Key(_clusterId, SiloRow.VersionRowIdentity);
        versionRow[SiloRow.MembershipVersion] = DynamoDBAttributes.Number(0);
        versionRow[SiloRow.ETag] = DynamoDBAttributes.Number(0);
        try
        {
            await client.PutItemAsync(
                new PutItemRequest { TableName = TableName, Item = versionRow, ConditionExpression = $"attribute_not_exists({SiloRow.SiloIdentity})" },
                cancellationToken);
            LogVersionRowCreated(logger, _clusterId, TableName);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another silo of the cluster created it first; the row exists, which is all that matters.
            LogVersionRowExists(logger, _clusterId, TableName);
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        var rows = await QueryClusterAsync(clusterId, consistent: true, cancellationToken);
        foreach (var row in rows)
        {
            await client.DeleteItemAsync(TableName, SiloRow.Key(clusterId, row.GetString(SiloRow.SiloIdentity)!), cancellationToken);
        }
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var rows = await QueryClusterAsync(_clusterId, consistent: true, cancellationToken);
        foreach (var row in rows.Where(r => !SiloRow.IsVersionRow(r)))
        {
            var (entry, eTag) = SiloRow.ToEntry(row);
            if (entry.Status != SiloStatus.Dead || Later(entry.IAmAliveTime, entry.StartTime) >= beforeDate.UtcDateTime)
            {
                continue;
            }

            try
            {
                await client.DeleteItemAsync(
                    new DeleteItemRequest
                    {
                        TableName = TableName,
                        Key = SiloRow.Key(_clusterId, SiloRow.Identity(entry.SiloAddress)),
                        ConditionExpression = $"{SiloRow.ETag} = {ExpectedETag}",
                        ExpressionAttributeValues = new() { [ExpectedETag] = new AttributeValue { N = eTag } },
                    },
                    cancellationToken);
                LogDefunctRemoved(logger, entry.SiloAddress, _clusterId);
            }
            catch (ConditionalCheckFailedException)
            {
                // The row changed after it was read, so it is no longer the defunct row that was judged.
                LogDefunctChanged(logger, entry.SiloAddress, _clusterId);
            }
        }
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var response = await client.TransactGetItemsAsync(
            new TransactGetItemsRequest
            {
                TransactItems =
                [
                    new TransactGetItem { Get = new Get { TableName = TableName, Key = SiloRow.Key(_clusterId, SiloRow.Identity(key)) } },
                    new TransactGetItem { Get = new Get { TableName = TableName, Key = SiloRow.Key(_clusterId, SiloRow.VersionRowIdentity) } },
                ],
            },
            cancellationToken);
        var items = (response.Responses ?? []).Select(r => r.Item).Where(i => i is { Count: > 0 }).ToList();
        return ToTableData(items);
    }

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        // A query is not a snapshot: DynamoDB reads its items one by one, so a change that lands while it runs can
        // show in the version row and not in a silo row read before it. Reading the version row first means the
        // version returned is never newer than the rows, so a write made with it fails if any row has moved since.
        for (var attempt = 1; ; attempt++)
        {
            var version = await ReadVersionAsync(cancellationToken);
            var rows = (await QueryClusterAsync(_clusterId, consistent: true, cancellationToken)).Where(r => !SiloRow.IsVersionRow(r)).ToList();
            var data = new MembershipTableData(rows.Select(SiloRow.ToEntry).ToList(), version);
            var newest = rows.Where(r => r.ContainsKey(SiloRow.MembershipVersion))
                .Select(r => r.GetNumber(SiloRow.MembershipVersion))
                .DefaultIfEmpty(0)
                .Max();
            if (newest <= version.Version || attempt == MaxReadAllAttempts)
            {
                return data;
            }

            LogInconsistentRead(logger, _clusterId, attempt);
        }
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var put = new Put
        {
            TableName = TableName,
            Item = SiloRow.ToItem(_clusterId, entry, eTag: 0, tableVersion.Version),
            ConditionExpression = $"attribute_not_exists({SiloRow.SiloIdentity})",
        };
        return WriteWithVersionAsync("insert", entry, put, tableVersion, cancellationToken);
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!DynamoDBAttributes.TryParseETag(etag, out var expected))
        {
            LogUnknownETag(logger, etag, entry.SiloAddress);
            return Task.FromResult(false);
        }

        var put = new Put
        {
            TableName = TableName,
            Item = SiloRow.ToItem(_clusterId, entry, expected + 1, tableVersion.Version),
            ConditionExpression = $"{SiloRow.ETag} = {ExpectedETag}",
            ExpressionAttributeValues = new() { [ExpectedETag] = DynamoDBAttributes.Number(expected) },
        };
        return WriteWithVersionAsync("update", entry, put, tableVersion, cancellationToken);
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var request = new UpdateItemRequest
        {
            TableName = TableName,
            Key = SiloRow.Key(_clusterId, SiloRow.Identity(entry.SiloAddress)),
            UpdateExpression = $"SET {SiloRow.IAmAliveTime} = :alive",
            ConditionExpression = $"attribute_exists({SiloRow.SiloIdentity})",
            ExpressionAttributeValues = new() { [":alive"] = DynamoDBAttributes.Time(entry.IAmAliveTime) },
        };
        try
        {
            await client.UpdateItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw new InvalidOperationException($"Silo {entry.SiloAddress} has no row in membership table '{TableName}' for cluster '{_clusterId}' to update IAmAliveTime.", ex);
        }
    }

    private async Task<bool> WriteWithVersionAsync(string operation, MembershipEntry entry, Put siloRow, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        if (!DynamoDBAttributes.TryParseETag(tableVersion.VersionEtag, out var expectedVersionETag))
        {
            LogUnknownETag(logger, tableVersion.VersionEtag, entry.SiloAddress);
            return false;
        }

        var versionRow = new Update
        {
            TableName = TableName,
            Key = SiloRow.Key(_clusterId, SiloRow.VersionRowIdentity),
            UpdateExpression = $"SET {SiloRow.MembershipVersion} = {NewVersion}, {SiloRow.ETag} = {NewETag}",
            ConditionExpression = $"{SiloRow.ETag} = {ExpectedETag}",
            ExpressionAttributeValues = new()
            {
                [NewVersion] = DynamoDBAttributes.Number(tableVersion.Version),
                [NewETag] = DynamoDBAttributes.Number(expectedVersionETag + 1),
                [ExpectedETag] = DynamoDBAttributes.Number(expectedVersionETag),
            },
        };
        try
        {
            await client.TransactWriteItemsAsync(
                new TransactWriteItemsRequest { TransactItems = [new TransactWriteItem { Put = siloRow }, new TransactWriteItem { Update = versionRow }] },
                cancellationToken);
            return true;
        }
        catch (TransactionCanceledException ex) when (ex.IsConflict())
        {
            LogLostRace(logger, operation, entry.SiloAddress, tableVersion.Version);
            return false;
        }
    }

    private async Task<TableVersion> ReadVersionAsync(CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = SiloRow.Key(_clusterId, SiloRow.VersionRowIdentity), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } row ? SiloRow.ToTableVersion(row) : new TableVersion(0, "0");
    }

    private Task<List<Dictionary<string, AttributeValue>>> QueryClusterAsync(string clusterId, bool consistent, CancellationToken cancellationToken) =>
        client.QueryAllAsync(
            new QueryRequest
            {
                TableName = TableName,
                KeyConditionExpression = $"{SiloRow.DeploymentId} = {ClusterIdValue}",
                ExpressionAttributeValues = new() { [ClusterIdValue] = DynamoDBAttributes.String(clusterId) },
                ConsistentRead = consistent,
            },
            cancellationToken);

    private static MembershipTableData ToTableData(List<Dictionary<string, AttributeValue>> items)
    {
        var versionRow = items.FirstOrDefault(SiloRow.IsVersionRow);
        var version = versionRow is null ? new TableVersion(0, "0") : SiloRow.ToTableVersion(versionRow);
        var members = items.Where(i => !SiloRow.IsVersionRow(i)).Select(SiloRow.ToEntry).ToList();
        return new MembershipTableData(members, version);
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the membership version row of cluster {ClusterId} in table {TableName}")]
    private static partial void LogVersionRowCreated(ILogger logger, string clusterId, string tableName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The membership version row of cluster {ClusterId} already exists in table {TableName}")]
    private static partial void LogVersionRowExists(ILogger logger, string clusterId, string tableName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed defunct silo {Silo} of cluster {ClusterId} from the membership table")]
    private static partial void LogDefunctRemoved(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Defunct silo {Silo} of cluster {ClusterId} changed while being removed; left in place")]
    private static partial void LogDefunctChanged(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership rows of cluster {ClusterId} were newer than the version row (attempt {Attempt}); reading again")]
    private static partial void LogInconsistentRead(ILogger logger, string clusterId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ETag {ETag} for silo {Silo} was not issued by this membership table")]
    private static partial void LogUnknownETag(ILogger logger, string? eTag, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of silo {Silo} for table version {Version} lost to a concurrent change")]
    private static partial void LogLostRace(ILogger logger, string operation, SiloAddress silo, int version);
}
