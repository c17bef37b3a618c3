using AwsMultiEni.Client.Connection;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// How a <see cref="LinkMonitor"/> recovers from a failed socket: how many failures in a row it survives, and how long
/// it waits after the n-th before opening a new socket.
/// </summary>
public sealed record LinkMonitorRecovery(int Attempts, Func<int, TimeSpan> Delay)
{
    /// <summary>1 s, doubling to 30 s, ten times: about three minutes before the agent asks to be restarted.</summary>
    public static LinkMonitorRecovery Default { get; } = new(10, ConnectBackoff.After);
}
