using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Access;

/// <summary>
/// ServiceAccount tokens as the API server issues and checks them: TokenRequest
/// (<c>POST …/serviceaccounts/NAME/token</c>, what <c>kubectl create token</c> and the kubelet's projected volumes use)
/// mints a JWT for the audiences asked, optionally bound to a Pod whose name, uid and node it carries; TokenReview
/// (<c>authentication.k8s.io/v1</c>) answers who a token is, or not authenticated when it is unknown, expired, for
/// another audience, or bound to a pod or ServiceAccount that no longer exists (or was created again).
/// </summary>
internal sealed class ServiceAccountTokens(ObjectStore store, TimeProvider clock)
{
    /// <summary>What a token is for when the request names no audience: the API server itself.</summary>
    public const string ApiServerAudience = "https://kubernetes.default.svc.cluster.local";

    private const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private const string ExtraPrefix = "authentication.kubernetes.io/";
    private static readonly ResourceType TokenRequests = new("authentication.k8s.io", "v1", "tokenrequests", "tokenrequest", "TokenRequest", true, false, []);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public static readonly ResourceType TokenReviews = new("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", false, false, []);

    /// <summary>Answers a TokenRequest for ServiceAccount <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public JsonObject Request(string ns, string name, JsonObject request)
    {
        var account = store.Get(BuiltInResources.ServiceAccounts, ns, name);
        var spec = request["spec"] as JsonObject ?? [];
        var audiences = spec["audiences"] is JsonArray { Count: > 0 } asked ? asked.Select(a => (string)a!).ToList() : [ApiServerAudience];
        var seconds = spec["expirationSeconds"] is { } given ? (long)given : 3600;
        if (seconds < 600)
        {
            throw ApiError.BadRequest("spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes");
        }

        var now = clock.GetUtcNow();
        var expires = now.AddSeconds(seconds);
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = Identity.ServiceAccount(ns, name).User,
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = Binding(ns, name, Uid(account), spec["boundObjectRef"] as JsonObject),
        };
        var answer = (JsonObject)request.DeepClone();
        answer["apiVersion"] = TokenRequests.ApiVersion;
        answer["kind"] = TokenRequests.Kind;
        answer["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = null };
        answer["spec"] = new JsonObject
        {
            ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
            ["expirationSeconds"] = seconds,
            ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
        };
        answer["status"] = new JsonObject { ["token"] = Sign(claims), ["expirationTimestamp"] = ObjectStore.Timestamp(expires) };
        return answer;
    }

    /// <summary>Answers a TokenReview: the review sent, with its status.</summary>
    public JsonObject Review(JsonObject review)
    {
        var spec = review["spec"] as JsonObject ?? [];
        var token = (string?)spec["token"] ?? string.Empty;
        var wanted = spec["audiences"] is JsonArray { Count: > 0 } asked ? asked.Select(a => (string)a!).ToList() : [ApiServerAudience];
        var answer = (JsonObject)review.DeepClone();
        answer["apiVersion"] = TokenReviews.ApiVersion;
        answer["kind"] = TokenReviews.Kind;
        answer["metadata"] ??= new JsonObject();
        answer["status"] = Verify(token, wanted) switch
        {
            (null, var error) => new JsonObject { ["authenticated"] = false, ["error"] = error },
            (var user, _) => user,
        };
        return answer;
    }

    private (JsonObject? Status, string? Error) Verify(string token, List<string> wanted)
    {
        if (Claims(token) is not { } claims)
        {
            return (null, "[invalid bearer token, square/go-jose: error in cryptographic primitive]");
        }

        if ((long?)claims["exp"] is not { } exp || DateTimeOffset.FromUnixTimeSeconds(exp) <= clock.GetUtcNow())
        {
            return (null, "[invalid bearer token, service account token has expired]");
        }

        var audiences = ((claims["aud"] as JsonArray) ?? []).Select(a => (string)a!).Intersect(wanted, StringComparer.Ordinal).ToList();
        if (audiences.Count == 0)
        {
            return (null, "[invalid bearer token, token audiences is invalid]");
        }

        var binding = claims["kubernetes.io"]!;
        var ns = (string)binding["namespace"]!;
        var account = (string)binding["serviceaccount"]!["name"]!;
        if (!Alive(BuiltInResources.ServiceAccounts, ns, account, (string?)binding["serviceaccount"]!["uid"]))
        {
            return (null, $"[invalid bearer token, service account {ns}/{account} has been deleted]");
        }

        var extra = new JsonObject { [ExtraPrefix + "credential-id"] = new JsonArray("JTI=" + (string?)claims["jti"]) };
        if (binding["pod"] is JsonObject pod)
        {
            var podName = (string)pod["name"]!;
            if (!Alive(BuiltInResources.Pods, ns, podName, (string?)pod["uid"]))
            {
                return (null, $"[invalid bearer token, pod \"{podName}\" not found or its uid changed; the token was bound to it]");
            }

            extra[ExtraPrefix + "pod-name"] = new JsonArray(podName);
            extra[ExtraPrefix + "pod-uid"] = new JsonArray((string?)pod["uid"]);
        }

        if (binding["node"] is JsonObject node)
        {
            extra[ExtraPrefix + "node-name"] = new JsonArray((string?)node["name"]);
            extra[ExtraPrefix + "node-uid"] = new JsonArray((string?)node["uid"]);
        }

        var identity = Identity.ServiceAccount(ns, account);
        return (new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = new JsonObject
            {
                ["username"] = identity.User,
                ["uid"] = (string?)binding["serviceaccount"]!["uid"],
                ["groups"] = new JsonArray([.. identity.Groups.Select(g => (JsonNode)g)]),
                ["extra"] = extra,
            },
            ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
        }, null);
    }

    /// <summary>The <c>kubernetes.io</c> claim: the ServiceAccount, and the pod (with its node) the token is bound to.</summary>
    private JsonObject Binding(string ns, string name, string? accountUid, JsonObject? boundObject)
    {
        var binding = new JsonObject { ["namespace"] = ns, ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = accountUid } };
        if (boundObject is null)
        {
            return binding;
        }

        if ((string?)boundObject["kind"] != "Pod")
        {
            throw ApiError.BadRequest($"spec.boundObjectRef.kind: Unsupported value: \"{(string?)boundObject["kind"]}\": the emulated API server binds tokens to Pods only");
        }

        var podName = (string?)boundObject["name"] ?? throw ApiError.BadRequest("spec.boundObjectRef.name: Required value");
        var pod = store.Get(BuiltInResources.Pods, ns, podName);
        var podUid = Uid(pod);
        if ((string?)boundObject["uid"] is { Length: > 0 } uid && uid != podUid)
        {
            throw new ApiError(409, "Conflict", $"the UID in the bound object reference ({uid}) does not match the UID in record. The object might have been deleted and then recreated");
        }

        binding["pod"] = new JsonObject { ["name"] = podName, ["uid"] = podUid };
        if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } nodeName)
        {
            var nodeUid = store.Exists(BuiltInResources.Nodes, null, nodeName) ? Uid(store.Get(BuiltInResources.Nodes, null, nodeName)) : null;
            binding["node"] = new JsonObject { ["name"] = nodeName, ["uid"] = nodeUid };
        }

        return binding;
    }

    private bool Alive(ResourceType type, string ns, string name, string? uid) =>
        store.Exists(type, ns, name) && Uid(store.Get(type, ns, name)) == uid;

    private static string? Uid(JsonObject obj) => (string?)obj["metadata"]?["uid"];

    private string Sign(JsonObject claims)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>The claims of a token this cluster signed, or null for anything else.</summary>
    private JsonObject? Claims(string token)
    {
        if (token.Split('.') is not [var header, var payload, var signature])
        {
            return null;
        }

        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}"));
        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(signature))
                ? JsonNode.Parse(Base64Url.DecodeFromChars(payload)) as JsonObject
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
