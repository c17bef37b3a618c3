using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AwsMultiEni.Ipam;

/// <summary>An interface's ranges file, checked and parsed: the IPv4 pool, the optional IPv6 pool and the routes.</summary>
internal sealed record InterfacePools(AddressPool Ipv4, AddressPool? Ipv6, IReadOnlyList<RouteEntry> Routes)
{
    public IEnumerable<AddressPool> All => Ipv6 is null ? [Ipv4] : [Ipv4, Ipv6];

    public AddressPool? For(AddressFamily family) => All.FirstOrDefault(p => p.Family == family);

    /// <summary>Reads <paramref name="path"/>; a missing file means the agent has not written it yet (code 11).</summary>
    public static InterfacePools Load(string path, string interfaceName)
    {
        InterfaceRanges? ranges;
        try
        {
            using var stream = File.OpenRead(path);
            ranges = JsonSerializer.Deserialize(stream, IpamJsonContext.Default.InterfaceRanges);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CniException(
                CniErrorCode.TryAgainLater,
                $"no ranges for interface {interfaceName}: the AwsMultiEni agent has not written {path} yet",
                "the agent writes it once the interface's ENI is attached and has addresses");
        }
        catch (JsonException ex)
        {
            throw Invalid(path, ex.Message);
        }

        if (ranges?.Ipv4 is null)
        {
            throw Invalid(path, "no ipv4 section");
        }

        var ipv4 = Pool(path, ranges.Ipv4, AddressFamily.InterNetwork);
        var ipv6 = ranges.Ipv6 is null ? null : Pool(path, ranges.Ipv6, AddressFamily.InterNetworkV6);
        return new InterfacePools(ipv4, ipv6, ranges.Routes ?? []);
    }

    private static AddressPool Pool(string path, FamilyRanges family, AddressFamily addressFamily)
    {
        if (!IPNetwork.TryParse(family.Subnet, out var subnet) || subnet.BaseAddress.AddressFamily != addressFamily)
        {
            throw Invalid(path, $"subnet '{family.Subnet}' is not a {addressFamily} network");
        }

        IPAddress? gateway = null;
        if (family.Gateway is not null && (!IPAddress.TryParse(family.Gateway, out gateway) || !subnet.Contains(gateway)))
        {
            throw Invalid(path, $"gateway '{family.Gateway}' is not an address of {subnet}");
        }

        var blocks = new List<AddressBlock>();
        foreach (var range in family.Ranges ?? [])
        {
            if (!IPNetwork.TryParse(range.Cidr, out var network) || network.BaseAddress.AddressFamily != addressFamily || !subnet.Contains(network.BaseAddress) || network.PrefixLength < subnet.PrefixLength)
            {
                throw Invalid(path, $"range '{range.Cidr}' is not a network inside {subnet}");
            }

            blocks.Add(new AddressBlock(AddressNumber.Of(network.BaseAddress), AddressNumber.Last(network), range.Draining));
        }

        return new AddressPool(subnet, gateway, blocks);
    }

    private static CniException Invalid(string path, string problem) =>
        new(CniErrorCode.InvalidRangesFile, $"the ranges file {path} is invalid: {problem}");
}
