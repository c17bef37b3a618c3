using System.Text;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Protobuf;

/// <summary>
/// Request bodies in <c>application/vnd.kubernetes.protobuf</c>: the magic <c>k8s\0</c>, then a
/// <c>runtime.Unknown</c> envelope (1: TypeMeta, 2: the object's own message, 3: content encoding), decoded to the
/// object's JSON so that the rest of the emulator sees what a JSON client would have sent.
/// </summary>
internal static class KubeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiError.BadRequest("the request body is not a Kubernetes protobuf message: it does not start with k8s\\0");
        }

        try
        {
            var (apiVersion, kind, raw, encoding) = Envelope(body[Magic.Length..]);
            if (encoding.Length > 0)
            {
                throw ApiError.BadRequest($"the protobuf envelope's content encoding '{encoding}' is not supported");
            }

            if (!KubeProtoSchemas.ByKind.TryGetValue((apiVersion, kind), out var message))
            {
                throw new ApiError(415, "UnsupportedMediaType", $"the emulated API server decodes protobuf for {string.Join(", ", KubeProtoSchemas.ByKind.Keys.Select(k => k.Kind).Distinct())}, not {apiVersion} {kind}; send it as application/json");
            }

            var json = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (name, value) in ProtoJson.Decode(message, raw.Span))
            {
                json[name] = value?.DeepClone();
            }

            return json;
        }
        catch (FormatException ex)
        {
            throw ApiError.BadRequest($"the protobuf request body is malformed: {ex.Message}");
        }
    }

    private static (string ApiVersion, string Kind, ReadOnlyMemory<byte> Raw, string Encoding) Envelope(ReadOnlySpan<byte> unknown)
    {
        var (apiVersion, kind, raw, encoding) = (string.Empty, string.Empty, ReadOnlyMemory<byte>.Empty, string.Empty);
        var reader = new ProtoReader(unknown);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != ProtoReader.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var field = reader.ReadLengthDelimited();
            switch (number)
            {
                case 1:
                    (apiVersion, kind) = TypeMeta(field);
                    break;
                case 2:
                    raw = field.ToArray();
                    break;
                case 3:
                    encoding = Encoding.UTF8.GetString(field);
                    break;
            }
        }

        return (apiVersion, kind, raw, encoding);
    }

    /// <summary>runtime.TypeMeta: 1 apiVersion, 2 kind (the reverse of meta.v1.TypeMeta).</summary>
    private static (string ApiVersion, string Kind) TypeMeta(ReadOnlySpan<byte> bytes)
    {
        var (apiVersion, kind) = (string.Empty, string.Empty);
        var reader = new ProtoReader(bytes);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != ProtoReader.LengthDelimited || number is not (1 or 2))
            {
                reader.Skip(wireType);
                continue;
            }

            var text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            (apiVersion, kind) = number == 1 ? (text, kind) : (apiVersion, text);
        }

        return (apiVersion, kind);
    }
}
