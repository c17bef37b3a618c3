using System.Runtime.InteropServices;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>One message of a netlink datagram: its <c>nlmsghdr</c> fields and its payload.</summary>
public sealed record NetlinkMessage(ushort Type, ushort Flags, uint Sequence, ReadOnlyMemory<byte> Payload)
{
    /// <summary><c>sizeof(struct nlmsghdr)</c>: len u32, type u16, flags u16, seq u32, pid u32.</summary>
    public const int HeaderSize = 16;

    public const ushort Error = 2;
    public const ushort Done = 3;

    public const ushort FlagRequest = 0x1;
    public const ushort FlagAck = 0x4;
    public const ushort FlagDump = 0x300;

    /// <summary>In an error message: the original request was cut to its header (NLM_F_CAPPED).</summary>
    public const ushort FlagCapped = 0x100;

    /// <summary>In an error message: extended-ack attributes follow (NLM_F_ACK_TLVS).</summary>
    public const ushort FlagAckTlvs = 0x200;

    /// <summary>Netlink aligns every message and attribute to four bytes.</summary>
    public static int Align(int length) => (length + 3) & ~3;

    public static IReadOnlyList<NetlinkMessage> ParseAll(ReadOnlySpan<byte> datagram)
    {
        var messages = new List<NetlinkMessage>();
        var offset = 0;
        while (datagram.Length - offset >= HeaderSize)
        {
            var header = datagram[offset..];
            var length = (int)MemoryMarshal.Read<uint>(header);
            if (length < HeaderSize || length > header.Length)
            {
                throw new InvalidDataException($"Netlink message at offset {offset} claims {length} bytes; {header.Length} remain.");
            }

            messages.Add(new NetlinkMessage(
                MemoryMarshal.Read<ushort>(header[4..]),
                MemoryMarshal.Read<ushort>(header[6..]),
                MemoryMarshal.Read<uint>(header[8..]),
                header[HeaderSize..length].ToArray()));
            offset += Align(length);
        }

        return messages;
    }
}
