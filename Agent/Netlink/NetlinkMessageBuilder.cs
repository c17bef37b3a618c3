using System.Runtime.InteropServices;
using System.Text;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// Builds one netlink request: the header, a fixed family header (such as <c>ifinfomsg</c>), then
/// <c>rtattr</c> attributes, each padded to four bytes as the kernel expects.
/// </summary>
public sealed class NetlinkMessageBuilder
{
    private const int AttributeHeaderSize = 4;

    private readonly List<byte> _bytes = [];

    public NetlinkMessageBuilder(ushort type, ushort flags)
    {
        Append(0u);
        Append(type);
        Append(flags);
        Append(0u);
        Append(0u);
    }

    public NetlinkMessageBuilder Append<T>(T value)
        where T : unmanaged
    {
        _bytes.AddRange(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
        return this;
    }

    public NetlinkMessageBuilder Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        Append((ushort)(AttributeHeaderSize + value.Length));
        Append(type);
        _bytes.AddRange(value);
        Pad();
        return this;
    }

    public NetlinkMessageBuilder Attribute(ushort type, uint value) =>
        Attribute(type, MemoryMarshal.AsBytes(new ReadOnlySpan<uint>(in value)));

    /// <summary>A NUL-terminated string attribute, as IFLA_IFNAME wants.</summary>
    public NetlinkMessageBuilder Attribute(ushort type, string value) =>
        Attribute(type, Encoding.ASCII.GetBytes(value + '\0'));

    /// <summary>The finished message with its length and sequence number filled in.</summary>
    public byte[] Build(uint sequence)
    {
        var message = _bytes.ToArray();
        MemoryMarshal.Write(message, (uint)message.Length);
        MemoryMarshal.Write(message.AsSpan(8), sequence);
        return message;
    }

    private void Pad()
    {
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
    }
}
