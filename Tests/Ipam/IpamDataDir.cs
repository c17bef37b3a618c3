using System.Text.Json.Nodes;

namespace AwsMultiEni.Tests.Ipam;

/// <summary>
/// A dataDir of the test's own with the agent's side of the contract written by hand: one interface's ranges.json.
/// Deleted on dispose.
/// </summary>
internal sealed class IpamDataDir : IDisposable
{
    public const string Interface = "multus0";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("awsmultieni-ipam-");

    public string Root => _root.FullName;

    public string InterfaceDirectory => Path.Combine(Root, Interface);

    public string AllocationsDirectory => Path.Combine(InterfaceDirectory, "allocations");

    /// <summary>Writes ranges.json as the agent does: temporary file, then rename.</summary>
    public void WriteRanges(string ipv4Ranges, string? ipv6 = null, string routes = """[{"dst":"10.0.0.0/16"}]""")
    {
        Directory.CreateDirectory(InterfaceDirectory);
        var ranges = $$"""
            {"interface":"{{Interface}}","eniId":"eni-0abc",
             "ipv4":{"subnet":"10.0.1.0/24","gateway":"10.0.1.1","ranges":{{ipv4Ranges}}},
             {{(ipv6 is null ? string.Empty : $"\"ipv6\":{ipv6},")}}
             "routes":{{routes}}}
            """;
        var staging = Path.Combine(InterfaceDirectory, "ranges.json.tmp");
        File.WriteAllText(staging, ranges);
        File.Move(staging, Path.Combine(InterfaceDirectory, "ranges.json"), overwrite: true);
    }

    /// <summary>The network configuration a runtime passes: a macvlan on the master, with this plugin as its IPAM.</summary>
    public string Config(string cniVersion = "1.1.0", Action<JsonObject>? edit = null)
    {
        var config = new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["name"] = "multus-eni",
            ["type"] = "macvlan",
            ["master"] = Interface,
            ["mode"] = "bridge",
            ["ipam"] = new JsonObject { ["type"] = "awsmultieni-ipam", ["dataDir"] = Root },
        };
        edit?.Invoke(config);
        return config.ToJsonString();
    }

    /// <summary>Allocation file name (the address) to its content, as the agent reads them.</summary>
    public IReadOnlyDictionary<string, string> Allocations() =>
        Directory.Exists(AllocationsDirectory)
            ? Directory.EnumerateFiles(AllocationsDirectory).ToDictionary(p => Path.GetFileName(p), File.ReadAllText)
            : new Dictionary<string, string>();

    public void Dispose() => _root.Delete(recursive: true);
}
