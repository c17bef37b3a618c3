namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// The kernel dropped notifications because the socket's buffer was full (ENOBUFS): the listener
/// has missed events and must re-read the full state.
/// </summary>
public sealed class NetlinkOverrunException(Exception inner)
    : Exception("The kernel dropped netlink notifications (ENOBUFS); the link list must be read again.", inner);
