using System.Text;
using Amazon.DynamoDBv2.Model;
using AwsMultiEni.Storage.Shared;

namespace AwsMultiEni.Storage.GrainStorage;

/// <summary>
/// One grain state item, with the attribute names of Orleans' official DynamoDB grain storage:
/// <c>GrainReference</c> (hash, <c>{serviceId}_{grainId}</c>), <c>GrainType</c> (range, the state name),
/// <c>ETag</c> (number) and <c>GrainState</c> (binary; absent in a tombstone).
/// </summary>
internal sealed record GrainStateItem(string GrainReference, string GrainType, long ETag, byte[]? State)
{
    public const string GrainReferenceAttribute = "GrainReference";
    public const string GrainTypeAttribute = "GrainType";
    public const string ETagAttribute = "ETag";
    public const string StateAttribute = "GrainState";

    /// <summary>DynamoDB's maximum item size: names and values of all attributes together.</summary>
    public const int MaxItemBytes = 400 * 1024;

    public static readonly DynamoDBTableSpec Table = new(
        new DynamoDBKey(GrainReferenceAttribute, "S"),
        new DynamoDBKey(GrainTypeAttribute, "S"));

    public Dictionary<string, AttributeValue> Key() => Key(GrainReference, GrainType);

    public static Dictionary<string, AttributeValue> Key(string grainReference, string grainType) => new()
    {
        [GrainReferenceAttribute] = DynamoDBAttributes.String(grainReference),
        [GrainTypeAttribute] = DynamoDBAttributes.String(grainType),
    };

    public Dictionary<string, AttributeValue> ToItem()
    {
        var item = Key();
        item[ETagAttribute] = DynamoDBAttributes.Number(ETag);
        if (State is not null)
        {
            item[StateAttribute] = new AttributeValue { B = new MemoryStream(State, writable: false) };
        }

        return item;
    }

    public static GrainStateItem FromItem(Dictionary<string, AttributeValue> item) => new(
        item.GetString(GrainReferenceAttribute)!,
        item.GetString(GrainTypeAttribute)!,
        item.GetNumber(ETagAttribute),
        item.TryGetValue(StateAttribute, out var state) && state.B is { } bytes ? bytes.ToArray() : null);

    /// <summary>The item's size as DynamoDB counts it (UTF-8 names and strings, raw binary, at most 21 bytes per number).</summary>
    public int SizeInBytes() =>
        Utf8(GrainReferenceAttribute) + Utf8(GrainReference)
        + Utf8(GrainTypeAttribute) + Utf8(GrainType)
        + Utf8(ETagAttribute) + 21
        + (State is null ? 0 : Utf8(StateAttribute) + State.Length);

    private static int Utf8(string value) => Encoding.UTF8.GetByteCount(value);
}
