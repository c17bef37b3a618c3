using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>The legacy (unaggregated) discovery documents: <c>/version</c>, <c>/api</c>, <c>/apis</c> and one resource list per group version.</summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-awsmultieni-sandbox",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    public static JsonObject Groups(ResourceCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(catalog.Groups.Select(g => (JsonNode)Group(g.Key, g.Select(t => t.Version).Distinct().ToList())).ToArray()),
    };

    public static JsonObject? Group(ResourceCatalog catalog, string group)
    {
        var versions = catalog.All.Where(t => t.Group == group).Select(t => t.Version).Distinct().ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var document = Group(group, versions);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    public static JsonObject? Resources(ResourceCatalog catalog, string group, string version)
    {
        var types = catalog.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in types)
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray(Verbs.Select(v => (JsonNode)v).ToArray()),
                ["shortNames"] = type.ShortNames.Count > 0 ? new JsonArray(type.ShortNames.Select(s => (JsonNode)s).ToArray()) : null,
                ["categories"] = type.Categories.Count > 0 ? new JsonArray(type.Categories.Select(c => (JsonNode)c).ToArray()) : null,
            });
            if (type == BuiltInResources.ServiceAccounts)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = "serviceaccounts/token",
                    ["singularName"] = "",
                    ["namespaced"] = true,
                    ["group"] = "authentication.k8s.io",
                    ["version"] = "v1",
                    ["kind"] = "TokenRequest",
                    ["verbs"] = new JsonArray("create"),
                });
            }

            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{type.Plural}/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Group(string group, IReadOnlyList<string> versions)
    {
        var versionList = new JsonArray(versions.Select(v => (JsonNode)new JsonObject
        {
            ["groupVersion"] = $"{group}/{v}",
            ["version"] = v,
        }).ToArray());
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = versionList,
            ["preferredVersion"] = versionList[0]!.DeepClone(),
        };
    }
}
