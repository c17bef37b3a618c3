using System.Runtime.InteropServices;

namespace AwsMultiEni.Agent.Netlink;

/// <summary><c>struct ifinfomsg</c>, the family header of every RTM_*LINK message.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct IfInfoMessage(int index, uint flags = 0, uint change = 0)
{
    public const int Size = 16;

    public const ushort NewLink = 16;
    public const ushort GetLink = 18;

    public const uint FlagUp = 0x1;

    public const ushort AttributeAddress = 1;
    public const ushort AttributeName = 3;
    public const ushort AttributeMtu = 4;
    public const ushort AttributeOperState = 16;

    public readonly byte Family;
    public readonly byte Pad;
    public readonly ushort DeviceType;
    public readonly int Index = index;
    public readonly uint Flags = flags;
    public readonly uint Change = change;

    public static IfInfoMessage Read(ReadOnlySpan<byte> payload) => MemoryMarshal.Read<IfInfoMessage>(payload);
}
