using System.Runtime.InteropServices;
using System.Text;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>The <c>rtattr</c> list after a family header: type → value, later duplicates win.</summary>
public sealed class RtAttributes
{
    private readonly Dictionary<ushort, ReadOnlyMemory<byte>> _values;

    private RtAttributes(Dictionary<ushort, ReadOnlyMemory<byte>> values) => _values = values;

    public static RtAttributes Parse(ReadOnlyMemory<byte> bytes)
    {
        var values = new Dictionary<ushort, ReadOnlyMemory<byte>>();
        var offset = 0;
        while (bytes.Length - offset >= 4)
        {
            var span = bytes.Span[offset..];
            var length = MemoryMarshal.Read<ushort>(span);
            if (length < 4 || length > span.Length)
            {
                break;
            }

            // The top two bits are NLA_F_NESTED / NLA_F_NET_BYTEORDER, not part of the type.
            var type = (ushort)(MemoryMarshal.Read<ushort>(span[2..]) & 0x3FFF);
            values[type] = bytes.Slice(offset + 4, length - 4);
            offset += NetlinkMessage.Align(length);
        }

        return new RtAttributes(values);
    }

    /// <summary>The attribute's value, or null when the message lacks it (not an empty value: a null array would convert to one).</summary>
    public ReadOnlyMemory<byte>? Bytes(ushort type) => _values.TryGetValue(type, out var value) ? value : (ReadOnlyMemory<byte>?)null;

    public uint? UInt32(ushort type) =>
        _values.TryGetValue(type, out var value) && value.Length >= 4 ? MemoryMarshal.Read<uint>(value.Span) : null;

    public byte? Byte(ushort type) => _values.TryGetValue(type, out var value) && value.Length >= 1 ? value.Span[0] : null;

    public string? String(ushort type) =>
        _values.TryGetValue(type, out var value) ? Encoding.UTF8.GetString(value.Span).TrimEnd('\0') : null;
}
