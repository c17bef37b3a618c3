using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>A failed API call, answered as a <c>Status</c> object like the real API server does.</summary>
internal sealed class ApiError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = details?.DeepClone(),
        ["code"] = Code,
    };

    public static ApiError NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedPlural()} \"{name}\" not found", Details(type, name));

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedPlural()} \"{name}\" already exists", Details(type, name));

    public static ApiError Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedPlural()} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(type, name));

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Gone(string message) => new(410, "Expired", message);

    /// <summary>A 422 naming every offending field, in the API server's wording.</summary>
    public static ApiError Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var details = Details(type, name);
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Reason,
            ["message"] = e.Message,
            ["field"] = e.Field,
        }).ToArray());
        var summary = string.Join(", ", errors.Select(e => $"{e.Field}: {e.Message}"));
        var qualified = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        var message = errors.Count == 1
            ? $"{qualified} \"{name}\" is invalid: {summary}"
            : $"{qualified} \"{name}\" is invalid: [{summary}]";
        return new ApiError(422, "Invalid", message, details);
    }

    private static JsonObject Details(ResourceType type, string name) => new()
    {
        ["name"] = name,
        ["group"] = type.Group,
        ["kind"] = type.Plural,
    };
}

/// <summary>One invalid field: its path (e.g. <c>spec.mtu</c>), the cause and a readable message.</summary>
internal sealed record FieldError(string Field, string Reason, string Message);

internal static class ResourceTypeNames
{
    /// <summary>The name errors use, e.g. <c>nodeenis.networking.k8s.aws</c> or <c>nodes</c>.</summary>
    public static string QualifiedPlural(this ResourceType type) =>
        type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";
}
