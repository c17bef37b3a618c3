using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// Where a paginated list goes on: the resourceVersion its first page was read at and the key to start after. Encoded
/// as the API server encodes it (unpadded base64url of <c>{"v":"meta.k8s.io/v1","rv":…,"start":…}</c>), so it is as
/// opaque to clients as the real one, and a client that takes it apart learns nothing the real one would not tell it.
/// </summary>
internal sealed record ContinueToken(long ResourceVersion, string Start)
{
    private const string Version = "meta.k8s.io/v1";

    /// <summary>The token for the page after the object stored under <paramref name="lastKey"/>.</summary>
    public static ContinueToken After(long resourceVersion, string lastKey) => new(resourceVersion, lastKey + "\0");

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = Version, ["rv"] = ResourceVersion, ["start"] = Start }.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The token a client sent back; anything else is the API server's 400.</summary>
    public static ContinueToken Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var json = JsonNode.Parse(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='))) as JsonObject
                ?? throw Invalid("continue key is not valid");
            if ((string?)json["v"] != Version)
            {
                throw Invalid($"incorrect encoded start resourceVersion (version {Version})");
            }

            var resourceVersion = (long?)json["rv"] ?? 0;
            var start = (string?)json["start"];
            if (resourceVersion <= 0 || string.IsNullOrEmpty(start))
            {
                throw Invalid("incorrect encoded start resourceVersion or key");
            }

            return new ContinueToken(resourceVersion, start);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            throw Invalid("continue key is not valid");
        }
    }

    private static ApiError Invalid(string reason) => ApiError.BadRequest($"invalid continue token: {reason}");
}
