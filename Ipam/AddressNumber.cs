using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace AwsMultiEni.Ipam;

/// <summary>Addresses as numbers, so ranges are intervals to walk and count (an IPv6 /80 has 2^48 addresses).</summary>
internal static class AddressNumber
{
    public static UInt128 Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        return length == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : new UInt128(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public static IPAddress ToAddress(UInt128 value, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)value);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v6, (ulong)(value >> 64));
        BinaryPrimitives.WriteUInt64BigEndian(v6[8..], (ulong)value);
        return new IPAddress(v6);
    }

    /// <summary>The last address of a network (its broadcast address in IPv4).</summary>
    public static UInt128 Last(IPNetwork network)
    {
        var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var hostBits = bits - network.PrefixLength;
        var hostMask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return Of(network.BaseAddress) | hostMask;
    }
}
