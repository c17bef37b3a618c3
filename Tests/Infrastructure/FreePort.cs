using System.Net;
using System.Net.Sockets;

namespace AwsMultiEni.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>Below Linux's ephemeral range (32768–60999), where outgoing connections take their source ports.</summary>
    private const int First = 20000;
    private const int Last = 32767;

    private static readonly Lock Sync = new();
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>
    /// A loopback TCP port free a moment ago, for a child process to listen on. Not one the OS picks for port 0: the
    /// OS hands those out again as source ports of outgoing connections, which the suite makes by the thousand, so a
    /// port picked that way can be taken again before the child binds it. Ports below the ephemeral range are only
    /// ever taken by a listener, and this process hands each out once.
    /// </summary>
    public static int Next()
    {
        lock (Sync)
        {
            for (var tries = 0; tries <= Last - First; tries++)
            {
                var port = _next;
                _next = port == Last ? First : port + 1;
                if (IsFree(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
