using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Access;

/// <summary>
/// Kubernetes RBAC over the Roles, ClusterRoles and bindings stored in the cluster: a request is allowed when a
/// rule of a role bound to the user, one of its groups or its ServiceAccount matches its verb, group, resource
/// (with subresource) and name; a RoleBinding grants only in its namespace. Nothing denies; no rule, no access.
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    public bool Allows(Identity identity, RequestAttributes request) =>
        identity.IsAdmin || RulesFor(identity, request.Namespace).Any(rule => Matches(rule, request));

    /// <summary>The API server's 403 for <paramref name="request"/>.</summary>
    public static ApiError Forbidden(Identity identity, RequestAttributes request)
    {
        var qualified = request.Group.Length == 0 ? request.Resource : $"{request.Resource}.{request.Group}";
        var subject = request.Name is null ? qualified : $"{qualified} \"{request.Name}\"";
        var scope = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        return new ApiError(
            403,
            "Forbidden",
            $"{subject} is forbidden: User \"{identity.User}\" cannot {request.Verb} resource \"{request.QualifiedResource}\" in API group \"{request.Group}\" {scope}",
            new JsonObject { ["name"] = request.Name, ["group"] = request.Group, ["kind"] = request.Resource });
    }

    private IEnumerable<JsonObject> RulesFor(Identity identity, string? ns)
    {
        var clusterWide = store.List(BuiltInResources.ClusterRoleBindings, null, _ => true, ListOptions.All).Items
            .Where(b => Binds(b, identity))
            .SelectMany(b => Rules(b, null));
        var namespaced = ns is null
            ? []
            : store.List(BuiltInResources.RoleBindings, ns, _ => true, ListOptions.All).Items.Where(b => Binds(b, identity)).SelectMany(b => Rules(b, ns));
        return clusterWide.Concat(namespaced);
    }

    private IEnumerable<JsonObject> Rules(JsonObject binding, string? ns)
    {
        var kind = (string?)binding["roleRef"]?["kind"];
        var name = (string?)binding["roleRef"]?["name"] ?? string.Empty;
        var role = kind switch
        {
            "ClusterRole" when store.Exists(BuiltInResources.ClusterRoles, null, name) => store.Get(BuiltInResources.ClusterRoles, null, name),
            "Role" when ns is not null && store.Exists(BuiltInResources.Roles, ns, name) => store.Get(BuiltInResources.Roles, ns, name),
            _ => null,
        };
        return (role?["rules"] as JsonArray ?? []).OfType<JsonObject>();
    }

    private static bool Binds(JsonObject binding, Identity identity) =>
        (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Any(subject => ((string?)subject["kind"], (string?)subject["name"]) switch
        {
            ("User", var user) => user == identity.User,
            ("Group", var group) => group is not null && identity.Groups.Contains(group),
            ("ServiceAccount", var account) => identity.User == $"system:serviceaccount:{subject["namespace"]}:{account}",
            _ => false,
        });

    private static bool Matches(JsonObject rule, RequestAttributes request) =>
        Has(rule["verbs"], request.Verb)
        && Has(rule["apiGroups"], request.Group)
        && (Has(rule["resources"], request.QualifiedResource) || (request.Subresource is null && Has(rule["resources"], request.Resource)) || Has(rule["resources"], $"*/{request.Subresource}"))
        && (rule["resourceNames"] is not JsonArray { Count: > 0 } names || (request.Name is not null && names.Any(n => (string?)n == request.Name)));

    private static bool Has(JsonNode? values, string wanted) =>
        (values as JsonArray ?? []).Any(v => (string?)v is "*" || (string?)v == wanted);
}
