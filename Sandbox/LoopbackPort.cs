using System.Net;
using System.Net.Sockets;

namespace AwsMultiEni.Sandbox;

/// <summary>A loopback port free at the time of asking, for a silo or gateway endpoint.</summary>
internal static class LoopbackPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
