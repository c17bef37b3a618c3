using System.Globalization;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Protobuf;

/// <summary>Decodes a protobuf message into the JSON the API server's JSON encoding gives the same object.</summary>
internal static class ProtoJson
{
    /// <summary>Go's zero <c>time.Time</c> (year 1) in Unix seconds: what a plain, unset Time field holds on the wire.</summary>
    private const long ZeroTimeSeconds = -62135596800;

    public static JsonObject Decode(ProtoMessage message, ReadOnlySpan<byte> bytes)
    {
        var json = new JsonObject();
        var reader = new ProtoReader(bytes);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (!message.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }

            if (field.Type is ProtoType.StringMap or ProtoType.BytesMap)
            {
                var (key, value) = MapEntry(field, Expect(ref reader, wireType, ProtoReader.LengthDelimited, message, field));
                ((json[field.Name] ??= new JsonObject()).AsObject())[key] = value;
                continue;
            }

            var node = Value(ref reader, wireType, message, field);
            if (field.Repeated)
            {
                ((json[field.Name] ??= new JsonArray()).AsArray()).Add(node);
            }
            else if (node is not null)
            {
                json[field.Name] = node;
            }
        }

        return json;
    }

    private static JsonNode? Value(ref ProtoReader reader, int wireType, ProtoMessage message, ProtoField field)
    {
        switch (field.Type)
        {
            case ProtoType.String:
                var text = System.Text.Encoding.UTF8.GetString(Expect(ref reader, wireType, ProtoReader.LengthDelimited, message, field));
                return text.Length > 0 || field.KeepZero || field.Repeated ? JsonValue.Create(text) : null;
            case ProtoType.Bool:
                var flag = Varint(ref reader, wireType, message, field) != 0;
                return flag || field.KeepZero ? JsonValue.Create(flag) : null;
            case ProtoType.Int32:
                var small = (int)(long)Varint(ref reader, wireType, message, field);
                return small != 0 || field.KeepZero ? JsonValue.Create(small) : null;
            case ProtoType.Int64:
                var large = (long)Varint(ref reader, wireType, message, field);
                return large != 0 || field.KeepZero ? JsonValue.Create(large) : null;
            case ProtoType.Message:
                return Decode(field.Message!, Expect(ref reader, wireType, ProtoReader.LengthDelimited, message, field));
            case ProtoType.Time:
                return Time(Expect(ref reader, wireType, ProtoReader.LengthDelimited, message, field));
            case ProtoType.FieldsV1:
                var raw = Decode(FieldsV1, Expect(ref reader, wireType, ProtoReader.LengthDelimited, message, field));
                return raw["Raw"] is { } fields ? JsonNode.Parse((string)fields!) : new JsonObject();
            default:
                throw new InvalidOperationException($"{message.Name}.{field.Name}: no decoding for {field.Type}");
        }
    }

    private static (string Key, JsonNode? Value) MapEntry(ProtoField field, ReadOnlySpan<byte> entry)
    {
        var reader = new ProtoReader(entry);
        var (key, value) = (string.Empty, (JsonNode?)JsonValue.Create(string.Empty));
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != ProtoReader.LengthDelimited || number is not (1 or 2))
            {
                reader.Skip(wireType);
                continue;
            }

            var bytes = reader.ReadLengthDelimited();
            if (number == 1)
            {
                key = System.Text.Encoding.UTF8.GetString(bytes);
            }
            else
            {
                value = field.Type == ProtoType.BytesMap ? Convert.ToBase64String(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
            }
        }

        return (key, value);
    }

    private static JsonNode? Time(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var (seconds, nanos) = (0L, 0L);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number, wireType)
            {
                case (1, ProtoReader.Varint):
                    seconds = (long)reader.ReadVarint();
                    break;
                case (2, ProtoReader.Varint):
                    nanos = (long)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        // The API's JSON writes a Time to the second, in UTC.
        return seconds == ZeroTimeSeconds && nanos == 0
            ? null
            : DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static ulong Varint(ref ProtoReader reader, int wireType, ProtoMessage message, ProtoField field) =>
        wireType == ProtoReader.Varint ? reader.ReadVarint() : throw WrongWireType(message, field, wireType);

    private static ReadOnlySpan<byte> Expect(ref ProtoReader reader, int wireType, int expected, ProtoMessage message, ProtoField field) =>
        wireType == expected ? reader.ReadLengthDelimited() : throw WrongWireType(message, field, wireType);

    private static FormatException WrongWireType(ProtoMessage message, ProtoField field, int wireType) =>
        new($"{message.Name}.{field.Name} has wire type {wireType}, which its type {field.Type} never has");

    /// <summary><c>meta.v1.FieldsV1</c>, whose one field holds the managed fields' JSON as bytes.</summary>
    private static readonly ProtoMessage FieldsV1 = new("FieldsV1", new Dictionary<int, ProtoField> { [1] = new("Raw", ProtoType.String) });
}
