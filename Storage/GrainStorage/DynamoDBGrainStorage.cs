using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AwsMultiEni.Storage.GrainStorage.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AwsMultiEni.Storage.GrainStorage;

/// <summary>
/// Grain storage in a DynamoDB table, one item per grain and state name, with optimistic concurrency:
/// every write is conditional on the numeric ETag the grain last read or wrote, so a stale writer gets
/// <see cref="InconsistentStateException"/> instead of overwriting newer state.
/// </summary>
public sealed partial class DynamoDBGrainStorage(
    string name,
    DynamoDBGrainStorageOptions options,
    IOptions<ClusterOptions> clusterOptions,
    IAmazonDynamoDB client,
    DynamoDBTableInitializer tables,
    IActivatorProvider activatorProvider,
    ILogger<DynamoDBGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string ExpectedETag = ":expectedETag";
    private static readonly string NotExists = $"attribute_not_exists({GrainStateItem.GrainReferenceAttribute})";
    private static readonly string ETagMatches = $"{GrainStateItem.ETagAttribute} = {ExpectedETag}";

    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    public static DynamoDBGrainStorage Create(IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptionsMonitor<DynamoDBGrainStorageOptions>>().Get(name);
        return ActivatorUtilities.CreateInstance<DynamoDBGrainStorage>(services, name, options);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<DynamoDBGrainStorage>(name), options.InitStage, InitializeAsync);

    internal async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureAsync(GrainStateItem.Table, options, cancellationToken);
        LogInitialized(logger, name, options.TableName, _serviceId, options.DeleteStateOnClear);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var request = new GetItemRequest
        {
            TableName = options.TableName,
            Key = GrainStateItem.Key(GrainReference(grainId), stateName),
            ConsistentRead = true,
        };
        var response = await client.GetItemAsync(request, cancellationToken);
        if (response.Item is not { Count: > 0 } found)
        {
            Reset(grainState, eTag: null);
            return;
        }

        var item = GrainStateItem.FromItem(found);
        if (item.State is null)
        {
            Reset(grainState, DynamoDBAttributes.FormatETag(item.ETag));
            return;
        }

        grainState.State = Deserialize<T>(item.State, stateName, grainId);
        grainState.ETag = DynamoDBAttributes.FormatETag(item.ETag);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var state = options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        var item = await PutAsync(stateName, grainId, grainState.ETag, state, cancellationToken);
        grainState.ETag = DynamoDBAttributes.FormatETag(item.ETag);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (options.DeleteStateOnClear)
        {
            await DeleteAsync(stateName, grainId, grainState.ETag, cancellationToken);
            Reset(grainState, eTag: null);
        }
        else
        {
            var tombstone = await PutAsync(stateName, grainId, grainState.ETag, state: null, cancellationToken);
            Reset(grainState, DynamoDBAttributes.FormatETag(tombstone.ETag));
        }
    }

    private async Task<GrainStateItem> PutAsync(string stateName, GrainId grainId, string? eTag, byte[]? state, CancellationToken cancellationToken)
    {
        var expected = ParseETag(eTag, stateName, grainId);
        var item = new GrainStateItem(GrainReference(grainId), stateName, expected + 1 ?? 0, state);
        var size = item.SizeInBytes();
        if (size > GrainStateItem.MaxItemBytes)
        {
            throw new InvalidOperationException(
                $"Grain state '{stateName}' of {grainId} is {size} bytes as a DynamoDB item, over DynamoDB's limit of {GrainStateItem.MaxItemBytes} bytes per item " +
                $"(storage provider '{name}', table '{options.TableName}'). Keep large data out of grain state or split it into several states.");
        }

        var (condition, values) = Condition(expected);
        var request = new PutItemRequest { TableName = options.TableName, Item = item.ToItem(), ConditionExpression = condition, ExpressionAttributeValues = values };
        try
        {
            await client.PutItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw Conflict("write", stateName, grainId, eTag, ex);
        }

        return item;
    }

    private async Task DeleteAsync(string stateName, GrainId grainId, string? eTag, CancellationToken cancellationToken)
    {
        var expected = ParseETag(eTag, stateName, grainId);
        var (condition, values) = Condition(expected);
        var request = new DeleteItemRequest
        {
            TableName = options.TableName,
            Key = GrainStateItem.Key(GrainReference(grainId), stateName),
            ConditionExpression = condition,
            ExpressionAttributeValues = values,
        };
        try
        {
            await client.DeleteItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw Conflict("clear", stateName, grainId, eTag, ex);
        }
    }

    /// <summary>A grain without an ETag believes nothing is stored; one with an ETag believes that exact version is.</summary>
    private static (string Expression, Dictionary<string, AttributeValue>? Values) Condition(long? expected) =>
        expected is { } e ? (ETagMatches, new() { [ExpectedETag] = DynamoDBAttributes.Number(e) }) : (NotExists, null);

    private long? ParseETag(string? eTag, string stateName, GrainId grainId) =>
        eTag is null ? null
        : DynamoDBAttributes.TryParseETag(eTag, out var value) ? value
        : throw new InconsistentStateException($"ETag '{eTag}' of grain state '{stateName}' of {grainId} was not issued by DynamoDB grain storage '{name}'.", "unknown", eTag);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? eTag, Exception inner)
    {
        LogConflict(logger, operation, stateName, grainId, eTag, options.TableName);
        return new InconsistentStateException(
            $"Cannot {operation} grain state '{stateName}' of {grainId}: the item in DynamoDB table '{options.TableName}' changed since this activation read it (ETag {eTag ?? "none"}).",
            "unknown",
            eTag ?? "none",
            inner);
    }

    private T Deserialize<T>(byte[] state, string stateName, GrainId grainId)
    {
        try
        {
            return options.GrainStorageSerializer.Deserialize<T>(new BinaryData(state)) ?? Fresh<T>();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidDataException($"Cannot deserialize grain state '{stateName}' of {grainId} from DynamoDB table '{options.TableName}' as {typeof(T)}.", ex);
        }
    }

    private void Reset<T>(IGrainState<T> grainState, string? eTag)
    {
        grainState.State = Fresh<T>();
        grainState.ETag = eTag;
        grainState.RecordExists = false;
    }

    private T Fresh<T>() => activatorProvider.GetActivator<T>().Create();

    private string GrainReference(GrainId grainId) => $"{_serviceId}_{grainId}";

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB grain storage {Name} uses table {TableName} for service {ServiceId} (DeleteStateOnClear={DeleteStateOnClear})")]
    private static partial void LogInitialized(ILogger logger, string name, string tableName, string serviceId, bool deleteStateOnClear);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conflicting {Operation} of grain state {StateName} of {GrainId} with ETag {ETag} in table {TableName}")]
    private static partial void LogConflict(ILogger logger, string operation, string stateName, GrainId grainId, string? eTag, string tableName);
}
