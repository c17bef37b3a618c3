using System.Net;
using System.Net.Sockets;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>The /80 prefixes of a subnet's IPv6 /64, handed out lowest first; each named by the 16 bits after the /64.</summary>
internal sealed class Ipv6PrefixPool(IPNetwork cidr)
{
    public const int PrefixLength = 80;

    private readonly HashSet<ushort> _taken = [];

    public IPNetwork Cidr { get; } = cidr;

    /// <summary>The lowest free /80; InsufficientCidrBlocks when all 65,536 are taken.</summary>
    public string Allocate()
    {
        for (var index = 0; index <= ushort.MaxValue; index++)
        {
            if (_taken.Add((ushort)index))
            {
                return ToText((ushort)index);
            }
        }

        throw new Ec2ApiError("InsufficientCidrBlocks", "The specified subnet does not have enough free cidr blocks to satisfy the request.");
    }

    public void Claim(string prefix)
    {
        if (!_taken.Add(IndexOf(prefix)))
        {
            throw Ec2ApiError.InvalidValue("Ipv6Prefix", prefix, "The prefix is already in use.");
        }
    }

    public void Release(string prefix) => _taken.Remove(IndexOf(prefix));

    private ushort IndexOf(string prefix)
    {
        if (IPNetwork.TryParse(prefix, out var parsed) && parsed.PrefixLength == PrefixLength && parsed.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6
            && Cidr.Contains(parsed.BaseAddress))
        {
            var bytes = parsed.BaseAddress.GetAddressBytes();
            return (ushort)(bytes[8] << 8 | bytes[9]);
        }

        throw Ec2ApiError.InvalidValue("Ipv6Prefix", prefix, $"Expected a /{PrefixLength} inside the subnet's range {Cidr}.");
    }

    private string ToText(ushort index)
    {
        var bytes = Cidr.BaseAddress.GetAddressBytes();
        bytes[8] = (byte)(index >> 8);
        bytes[9] = (byte)index;
        return $"{new IPAddress(bytes)}/{PrefixLength}";
    }
}
