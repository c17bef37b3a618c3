using System.Text.Json;

namespace AwsMultiEni.Ipam;

/// <summary>The network configuration, checked: its CNI version, the master interface and that interface's store.</summary>
internal sealed record IpamNetwork(string CniVersion, string InterfaceName, AllocationStore Store, NetworkConfig Config)
{
    public const string DefaultDataDir = "/var/lib/awsmultieni/ipam";

    /// <summary>Routes the network's config sets itself; they win over the ranges file's for the same destination.</summary>
    public IReadOnlyList<RouteEntry> ConfigRoutes => Config.Ipam?.Routes ?? [];

    public static NetworkConfig Parse(Stream input)
    {
        try
        {
            return JsonSerializer.Deserialize(input, IpamJsonContext.Default.NetworkConfig)
                ?? throw new CniException(CniErrorCode.DecodingFailure, "the network configuration is null");
        }
        catch (JsonException ex)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "the network configuration is not valid JSON", ex.Message);
        }
    }

    public static IpamNetwork Resolve(NetworkConfig config, string command)
    {
        var version = CniVersions.Require(config.CniVersion, command);
        var name = config.Ipam?.Interface ?? config.Master;
        if (string.IsNullOrEmpty(name))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "no master interface: set ipam.interface, or master in the main plugin's configuration");
        }

        if (!Attachment.IsValidIfName(name))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"'{name}' is not an interface name");
        }

        var dataDir = config.Ipam?.DataDir ?? DefaultDataDir;
        if (!Path.IsPathFullyQualified(dataDir))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"ipam.dataDir '{dataDir}' is not an absolute path");
        }

        return new IpamNetwork(version, name, new AllocationStore(Path.Combine(dataDir, name)), config);
    }

    public InterfacePools LoadPools() => InterfacePools.Load(Store.RangesPath, InterfaceName);
}
