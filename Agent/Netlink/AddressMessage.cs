using System.Net;
using System.Runtime.InteropServices;

namespace AwsMultiEni.Agent.Netlink;

/// <summary><c>struct ifaddrmsg</c>, the family header of every RTM_*ADDR message.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct AddressMessage
{
    public const int Size = 8;

    public const ushort NewAddress = 20;
    public const ushort GetAddress = 22;

    private const ushort AttributeAddress = 1;
    private const ushort AttributeLocal = 2;

    public readonly byte Family;
    public readonly byte PrefixLength;
    public readonly byte Flags;
    public readonly byte Scope;
    public readonly int Index;

    public static InterfaceAddress Read(ReadOnlyMemory<byte> payload)
    {
        var header = MemoryMarshal.Read<AddressMessage>(payload.Span);
        var attributes = RtAttributes.Parse(payload[Size..]);

        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer's on a point-to-point link, else the same.
        var bytes = attributes.Bytes(AttributeLocal) ?? attributes.Bytes(AttributeAddress) ?? ReadOnlyMemory<byte>.Empty;
        return new InterfaceAddress(header.Index, new IPAddress(bytes.Span), header.PrefixLength, header.Scope);
    }
}
