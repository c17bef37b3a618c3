using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// The resources one cluster serves: the built-ins plus one entry per served version of every
/// established CustomResourceDefinition.
/// </summary>
internal sealed class ResourceCatalog
{
    private readonly ConcurrentDictionary<string, ResourceType> _types = new(StringComparer.Ordinal);
    private int _revision;

    public ResourceCatalog()
    {
        foreach (var type in BuiltInResources.All)
        {
            _types[type.Key] = type;
        }
    }

    /// <summary>Changes whenever a CRD adds or removes resources, so OpenAPI clients refetch.</summary>
    public int Revision => Volatile.Read(ref _revision);

    public IEnumerable<ResourceType> All => _types.Values.OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal);

    public ResourceType? Find(string group, string version, string plural) =>
        _types.GetValueOrDefault($"{group}/{version}/{plural}");

    public IEnumerable<IGrouping<string, ResourceType>> Groups =>
        All.Where(t => t.Group.Length > 0).GroupBy(t => t.Group, StringComparer.Ordinal);

    /// <summary>Serves every version of <paramref name="crd"/>, replacing what an older copy served.</summary>
    public IReadOnlyList<ResourceType> Register(JsonObject crd)
    {
        var removed = Unregister(crd);
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var group = (string)spec["group"]!;
        var added = new List<ResourceType>();
        foreach (var version in spec["versions"]!.AsArray().Select(v => v!.AsObject()))
        {
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var type = new ResourceType(
                group,
                (string)version["name"]!,
                (string)names["plural"]!,
                (string?)names["singular"] ?? ((string)names["kind"]!).ToLowerInvariant(),
                (string)names["kind"]!,
                (string?)spec["scope"] == "Namespaced",
                version["subresources"]?["status"] is not null,
                names["shortNames"]?.AsArray().Select(n => (string)n!).ToList() ?? [])
            {
                Schema = version["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
                Categories = names["categories"]?.AsArray().Select(n => (string)n!).ToList() ?? [],
                PrinterColumns = version["additionalPrinterColumns"]?.AsArray()
                    .Select(c => new PrinterColumn((string)c!["name"]!, (string)c["type"]!, (string)c["jsonPath"]!, (string?)c["description"]))
                    .ToList() ?? [],
            };
            _types[type.Key] = type;
            added.Add(type);
        }

        Interlocked.Increment(ref _revision);
        return removed.Where(r => added.TrueForAll(a => a.Key != r.Key)).ToList();
    }

    /// <summary>Stops serving what <paramref name="crd"/> served and returns those resources.</summary>
    public IReadOnlyList<ResourceType> Unregister(JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var group = (string)spec["group"]!;
        var plural = (string)spec["names"]!["plural"]!;
        var removed = _types.Values.Where(t => t.Group == group && t.Plural == plural).ToList();
        foreach (var type in removed)
        {
            _types.TryRemove(type.Key, out _);
        }

        Interlocked.Increment(ref _revision);
        return removed;
    }
}
