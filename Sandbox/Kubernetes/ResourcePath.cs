namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// A resource URL taken apart: <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]</c>
/// or the same under <c>/apis/{group}/{version}</c>.
/// </summary>
internal sealed record ResourcePath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public static ResourcePath? Parse(string path)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (parts is ["api", var coreVersion, _, ..])
        {
            (group, version, rest) = ("", coreVersion, 2);
        }
        else if (parts is ["apis", var g, var v, _, ..])
        {
            (group, version, rest) = (g, v, 3);
        }
        else
        {
            return null;
        }

        var tail = parts[rest..];
        return tail switch
        {
            // A namespace itself and its subresources share the prefix with namespaced resources.
            ["namespaces", var name, "status" or "finalize"] when group.Length == 0 => new(group, version, null, "namespaces", name, tail[2]),
            ["namespaces", var ns, var plural, .. var more] => WithTail(group, version, ns, plural, more),
            [var plural, .. var more] => WithTail(group, version, null, plural, more),
            _ => null,
        };
    }

    private static ResourcePath? WithTail(string group, string version, string? ns, string plural, string[] more) => more switch
    {
        [] => new(group, version, ns, plural, null, null),
        [var name] => new(group, version, ns, plural, name, null),
        [var name, var subresource] => new(group, version, ns, plural, name, subresource),
        _ => null,
    };
}
