using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// A bound NETLINK_ROUTE socket. It is created and bound through libc (the only way to get an
/// AF_NETLINK socket in .NET) and then driven as a <see cref="Socket"/> over its
/// <see cref="SafeSocketHandle"/>, which gives cancellable asynchronous receives on the runtime's
/// event loop. A socket belongs to the network namespace of the thread that created it.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    /// <summary>RTMGRP_LINK: notifications for every link created, changed or deleted.</summary>
    public const uint LinkGroup = 1;

    private const int SolNetlink = 270;
    private const int NetlinkExtAck = 11;
    private const int ReceiveBufferSize = 1 << 20;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[256 * 1024];

    private NetlinkSocket(Socket socket) => _socket = socket;

    /// <summary>Opens a socket subscribed to <paramref name="groups"/> (0 for requests only).</summary>
    public static NetlinkSocket Open(uint groups = 0)
    {
        var fd = LibC.Socket(LibC.AfNetlink, LibC.SockRaw | LibC.SockCloexec, LibC.NetlinkRoute);
        if (fd < 0)
        {
            throw NetlinkException.FromErrno(Marshal.GetLastPInvokeError(), "socket(AF_NETLINK)");
        }

        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            var address = new LibC.SockaddrNl(groups);
            if (LibC.Bind(handle, in address, Marshal.SizeOf<LibC.SockaddrNl>()) != 0)
            {
                throw NetlinkException.FromErrno(Marshal.GetLastPInvokeError(), "bind(AF_NETLINK)");
            }

            var socket = new Socket(handle) { ReceiveBufferSize = ReceiveBufferSize };

            // Extended acks carry the kernel's own explanation ("mtu greater than device maximum").
            socket.SetRawSocketOption(SolNetlink, NetlinkExtAck, BitConverter.GetBytes(1));
            return new NetlinkSocket(socket);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Send(ReadOnlySpan<byte> message) => _socket.Send(message);

    /// <summary>Receives one datagram and splits it into its netlink messages.</summary>
    public async Task<IReadOnlyList<NetlinkMessage>> ReceiveAsync(CancellationToken cancellationToken)
    {
        int length;
        try
        {
            length = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
        {
            throw new NetlinkOverrunException(ex);
        }

        return NetlinkMessage.ParseAll(_buffer.AsSpan(0, length));
    }

    public void Dispose() => _socket.Dispose();
}
