using System.Runtime.InteropServices;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// Reads an NLMSG_ERROR payload: a negative errno (0 is a plain ack), the original request
/// header, and with NETLINK_EXT_ACK the kernel's explanation as NLMSGERR_ATTR_MSG.
/// </summary>
public static class NetlinkAck
{
    private const ushort AttributeMessage = 1;

    /// <summary>Throws <see cref="NetlinkException"/> when the message reports an error.</summary>
    public static void ThrowIfError(NetlinkMessage message, string operation)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = message.Payload;
        var errno = -MemoryMarshal.Read<int>(payload.Span);
        if (errno == 0)
        {
            return;
        }

        string? kernelMessage = null;
        if ((message.Flags & NetlinkMessage.FlagAckTlvs) != 0 && payload.Length >= 4 + NetlinkMessage.HeaderSize)
        {
            var original = payload[4..];
            var echoed = (message.Flags & NetlinkMessage.FlagCapped) != 0
                ? NetlinkMessage.HeaderSize
                : NetlinkMessage.Align((int)MemoryMarshal.Read<uint>(original.Span));
            if (echoed <= original.Length)
            {
                kernelMessage = RtAttributes.Parse(original[echoed..]).String(AttributeMessage);
            }
        }

        throw new NetlinkException(errno, operation, kernelMessage);
    }
}
