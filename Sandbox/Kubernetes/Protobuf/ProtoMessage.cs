namespace AwsMultiEni.Sandbox.Kubernetes.Protobuf;

/// <summary>How a field's protobuf value becomes JSON, the way the API server's JSON encoding writes the same Go field.</summary>
internal enum ProtoType
{
    String,
    Bool,
    Int32,
    Int64,

    /// <summary>A nested message, decoded with <see cref="ProtoField.Message"/>.</summary>
    Message,

    /// <summary><c>map&lt;string, string&gt;</c>: a JSON object.</summary>
    StringMap,

    /// <summary><c>map&lt;string, bytes&gt;</c>: a JSON object of base64 strings (Secret data).</summary>
    BytesMap,

    /// <summary><c>meta.v1.Time</c> (seconds, nanos): an RFC 3339 string; Go's zero time is no value.</summary>
    Time,

    /// <summary><c>meta.v1.FieldsV1</c>: its raw bytes are JSON.</summary>
    FieldsV1,
}

/// <summary>
/// One field of a message. Go writes a plain (non-pointer) field even when it holds its zero value, which JSON
/// then omits; <paramref name="KeepZero"/> marks a pointer field, whose zero value was set on purpose.
/// </summary>
internal sealed record ProtoField(string Name, ProtoType Type, bool Repeated = false, bool KeepZero = false, ProtoMessage? Message = null);

/// <summary>A message type: its fields by number.</summary>
internal sealed record ProtoMessage(string Name, IReadOnlyDictionary<int, ProtoField> Fields);
