using System.Net;
using System.Net.Sockets;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>
/// The IPv4 addresses of one subnet, as EC2 hands them out: single addresses (an ENI's primary and secondary IPs) and
/// /28 prefixes, which are aligned, never overlap an address in use or another prefix, and never hold one of EC2's five
/// reserved addresses (the first four and the last). Single addresses come in order from a cursor, skipping what is taken;
/// prefixes take the lowest free aligned block, so a fragmented subnet runs out of /28s long before it runs out of addresses.
/// </summary>
internal sealed class SubnetAddressSpace(string subnetId, IPNetwork cidr)
{
    public const int PrefixLength = 28;
    private const uint BlockSize = 1u << (32 - PrefixLength);
    private const uint FirstHost = 4;

    private readonly uint _base = ToNumber(cidr.BaseAddress);
    private readonly HashSet<uint> _addresses = [];
    private readonly HashSet<uint> _blocks = [];
    private uint _cursor = FirstHost;

    private uint Size => 1u << (32 - cidr.PrefixLength);

    /// <summary>What DescribeSubnets reports: every address minus EC2's five, the single addresses and the prefixes in use.</summary>
    public int Available => (int)(Size - 5) - _addresses.Count - (_blocks.Count * (int)BlockSize);

    /// <summary>The next free single address; InsufficientFreeAddressesInSubnet when none is left.</summary>
    public string AllocateAddress()
    {
        var last = Size - 1;
        for (var step = 0u; step < last - FirstHost; step++)
        {
            var offset = FirstHost + ((_cursor - FirstHost + step) % (last - FirstHost));
            if (IsFree(offset))
            {
                _addresses.Add(offset);
                _cursor = offset + 1 < last ? offset + 1 : FirstHost;
                return ToText(offset);
            }
        }

        throw new Ec2ApiError("InsufficientFreeAddressesInSubnet", $"The specified subnet '{subnetId}' does not have enough free addresses to satisfy the request.");
    }

    /// <summary>Takes one named address (a requested secondary IP).</summary>
    public void ClaimAddress(string address)
    {
        var offset = OffsetOf(address);
        if (offset < FirstHost || offset == Size - 1)
        {
            throw Ec2ApiError.InvalidValue("PrivateIpAddress", address, "The address is reserved by AWS.");
        }

        if (!IsFree(offset))
        {
            throw new Ec2ApiError("InvalidIPAddress.InUse", $"The specified address {address} is already in use.");
        }

        _addresses.Add(offset);
    }

    public void ReleaseAddress(string address) => _addresses.Remove(OffsetOf(address));

    /// <summary>The lowest free aligned /28; InsufficientCidrBlocks when the subnet has none.</summary>
    public string AllocatePrefix()
    {
        for (var block = 0u; block + BlockSize <= Size; block += BlockSize)
        {
            if (IsFreeBlock(block))
            {
                _blocks.Add(block);
                return $"{ToText(block)}/{PrefixLength}";
            }
        }

        throw new Ec2ApiError("InsufficientCidrBlocks", "The specified subnet does not have enough free cidr blocks to satisfy the request.");
    }

    /// <summary>Takes one named /28 (a requested <c>Ipv4Prefix</c>).</summary>
    public void ClaimPrefix(string prefix)
    {
        var block = BlockOf(prefix);
        if (!IsFreeBlock(block))
        {
            throw Ec2ApiError.InvalidValue("Ipv4Prefix", prefix, "The prefix overlaps addresses in use or reserved by AWS.");
        }

        _blocks.Add(block);
    }

    public void ReleasePrefix(string prefix) => _blocks.Remove(BlockOf(prefix));

    private bool IsFree(uint offset) => !_addresses.Contains(offset) && !_blocks.Contains(offset - (offset % BlockSize));

    private bool IsFreeBlock(uint block)
    {
        if (block < FirstHost || block + BlockSize > Size - 1 || _blocks.Contains(block))
        {
            return false;
        }

        for (var offset = block; offset < block + BlockSize; offset++)
        {
            if (_addresses.Contains(offset))
            {
                return false;
            }
        }

        return true;
    }

    private uint OffsetOf(string address) =>
        IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork && cidr.Contains(parsed)
            ? ToNumber(parsed) - _base
            : throw Ec2ApiError.InvalidValue("PrivateIpAddress", address, $"The address is not in the subnet's range {cidr}.");

    private uint BlockOf(string prefix) =>
        IPNetwork.TryParse(prefix, out var parsed) && parsed.PrefixLength == PrefixLength && parsed.BaseAddress.AddressFamily == AddressFamily.InterNetwork
            && cidr.Contains(parsed.BaseAddress)
            ? ToNumber(parsed.BaseAddress) - _base
            : throw Ec2ApiError.InvalidValue("Ipv4Prefix", prefix, $"Expected an aligned /{PrefixLength} inside the subnet's range {cidr}.");

    private string ToText(uint offset)
    {
        var value = _base + offset;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }

    private static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
    }
}
