namespace AwsMultiEni.Sandbox.Kubernetes.Access;

/// <summary>What a request asks to do, in RBAC's terms: a verb on a resource (and subresource) of a group, maybe named, maybe in a namespace.</summary>
internal sealed record RequestAttributes(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name)
{
    public string QualifiedResource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    /// <summary>The verb of an HTTP method on a collection (no name) or on one object.</summary>
    public static string VerbOf(string method, bool named, bool watch) => (method, named, watch) switch
    {
        ("GET", _, true) => "watch",
        ("GET", true, _) => "get",
        ("GET", false, _) => "list",
        ("POST", _, _) => "create",
        ("PUT", _, _) => "update",
        ("PATCH", _, _) => "patch",
        ("DELETE", true, _) => "delete",
        ("DELETE", false, _) => "deletecollection",
        _ => method.ToLowerInvariant(),
    };
}
