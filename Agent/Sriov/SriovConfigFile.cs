using System.Text.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Agent.State;

namespace AwsMultiEni.Agent.Sriov;

/// <summary>
/// The SR-IOV network device plugin's <c>config.json</c>. The agent rewrites only the
/// <c>resourceList</c> entries it owns; every other entry, and every field it does not know,
/// stays exactly as it was. The file is replaced atomically and only when its content changes.
/// </summary>
/// <remarks>
/// An entry's <c>selectors</c> is written as one object. Plugin v3.3 to v3.5 read only that form (a list makes them
/// drop the entry with a warning); v3.6 and later read an object or a list of objects. v3.3 is the oldest version
/// supported, the first with the <c>pciAddresses</c> selector that keeps a resource to the devices the agent bound.
/// </remarks>
public sealed class SriovConfigFile(string path, SriovResourceNaming naming)
{
    public const string DefaultPath = "/etc/pcidp/config.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Path { get; } = path;

    public SriovResourceNaming Naming { get; } = naming;

    /// <summary>
    /// Makes the owned entries equal <paramref name="wanted"/>: entries named in <paramref name="owned"/>
    /// but not wanted are removed. A wanted name already used by an entry the agent does not own is
    /// left alone and returned as a conflict. <paramref name="recordOwnership"/> is called with every
    /// name the agent owns before or after the write, before the file changes, so a crash in between
    /// never leaves an entry the agent wrote looking foreign.
    /// </summary>
    public async Task<SriovMergeResult> MergeAsync(
        IReadOnlyCollection<SriovResource> wanted,
        IReadOnlySet<string> owned,
        Func<IReadOnlySet<string>, CancellationToken, Task> recordOwnership,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordOwnership);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(owned);
        var original = File.Exists(Path) ? JsonNode.Parse(await File.ReadAllBytesAsync(Path, cancellationToken)) : null;
        var document = original?.DeepClone() as JsonObject ?? [];
        if (document["resourceList"] is not JsonArray list)
        {
            list = [];
            document["resourceList"] = list;
        }

        var foreign = list.Select(KeyOf).Where(k => k is not null && !owned.Contains(k)).ToHashSet(StringComparer.Ordinal);
        var conflicts = wanted.Where(r => foreign.Contains(r.Key)).Select(r => r.Key).ToList();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var byKey = wanted.Where(r => !foreign.Contains(r.Key)).ToDictionary(r => r.Key, StringComparer.Ordinal);

        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (KeyOf(list[i]) is not { } key || !owned.Contains(key))
            {
                continue;
            }

            if (byKey.TryGetValue(key, out var resource) && placed.Add(key))
            {
                list[i] = Entry(resource);
            }
            else
            {
                list.RemoveAt(i);
            }
        }

        foreach (var resource in byKey.Values.Where(r => !placed.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            list.Add(Entry(resource));
        }

        if (list.Count == 0 && original is not null)
        {
            // The plugin does not run without a resource pool: rather than restart it on an empty resourceList, the last
            // entries stay (their devices back on their kernel driver, so they serve none) and the plugin keeps running.
            return new SriovMergeResult(false, [.. owned], []);
        }

        var changed = !JsonNode.DeepEquals(original, document);
        if (changed)
        {
            await recordOwnership(owned.Union(byKey.Keys).ToHashSet(StringComparer.Ordinal), cancellationToken);
            await AtomicFile.WriteAsync(Path, JsonSerializer.SerializeToUtf8Bytes(document, Indented), cancellationToken);
        }

        return new SriovMergeResult(changed, [.. byKey.Keys], conflicts);
    }

    private string? KeyOf(JsonNode? entry) =>
        entry?["resourceName"]?.GetValue<string>() is { } name
            ? $"{entry["resourcePrefix"]?.GetValue<string>() ?? Naming.DefaultPrefix}/{name}"
            : null;

    private static JsonObject Entry(SriovResource resource) => new()
    {
        ["resourcePrefix"] = resource.Prefix,
        ["resourceName"] = resource.Name,
        ["selectors"] = new JsonObject
        {
            ["vendors"] = new JsonArray("1d0f"),
            ["devices"] = new JsonArray("ec20", "ec21"),
            ["drivers"] = new JsonArray([.. resource.Drivers.Select(d => JsonValue.Create(d))]),
            ["pciAddresses"] = new JsonArray([.. resource.PciAddresses.Select(a => JsonValue.Create(a))]),
        },
    };
}
