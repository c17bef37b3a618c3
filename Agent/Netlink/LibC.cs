using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>The libc calls .NET has no managed form for: it knows no AF_NETLINK address family.</summary>
internal static partial class LibC
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkRoute = 0;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(SafeSocketHandle socket, in SockaddrNl address, int addressLength);

    /// <summary><c>struct sockaddr_nl</c>: port id 0 lets the kernel assign one.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly struct SockaddrNl(uint groups)
    {
        public readonly ushort Family = AfNetlink;
        public readonly ushort Pad;
        public readonly uint PortId;
        public readonly uint Groups = groups;
    }
}
