using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Access;

/// <summary>
/// The reviews a client asks about itself: SelfSubjectAccessReview (<c>kubectl auth can-i</c>) and SelfSubjectReview
/// (<c>kubectl auth whoami</c>). Neither is stored; each answers the review it was sent, with its status filled in.
/// </summary>
internal static class AccessReviews
{
    public static readonly ResourceType SelfSubjectAccessReviews =
        new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, false, []);

    public static readonly ResourceType SelfSubjectReviews =
        new("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, false, []);

    public static bool IsReview(ResourceType type) => type == SelfSubjectAccessReviews || type == SelfSubjectReviews;

    public static JsonObject Answer(ResourceType type, JsonObject review, Identity identity, RbacAuthorizer authorizer)
    {
        var answer = (JsonObject)review.DeepClone();
        answer["apiVersion"] = type.ApiVersion;
        answer["kind"] = type.Kind;
        answer["metadata"] ??= new JsonObject();
        if (type == SelfSubjectReviews)
        {
            answer["status"] = new JsonObject
            {
                ["userInfo"] = new JsonObject { ["username"] = identity.User, ["groups"] = new JsonArray([.. identity.Groups.Select(g => (JsonNode)g)]) },
            };
            return answer;
        }

        var attributes = review["spec"]?["resourceAttributes"] as JsonObject
            ?? throw ApiError.BadRequest("only resourceAttributes are supported in a SelfSubjectAccessReview by the emulated API server");
        var request = new RequestAttributes(
            (string?)attributes["verb"] ?? string.Empty,
            (string?)attributes["group"] ?? string.Empty,
            (string?)attributes["resource"] ?? string.Empty,
            Blank((string?)attributes["subresource"]),
            Blank((string?)attributes["namespace"]),
            Blank((string?)attributes["name"]));
        answer["status"] = new JsonObject { ["allowed"] = authorizer.Allows(identity, request) };
        return answer;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
