namespace AwsMultiEni.Agent.Netlink;

/// <summary>
/// The kernel refused a netlink request. The message leads with the errno name (EINVAL, EBUSY,
/// EPERM, ...) and carries the kernel's extended-ack text when it sent one.
/// </summary>
public sealed class NetlinkException(int errno, string operation, string? kernelMessage)
    : Exception($"{Netlink.Errno.Name(errno)}: {operation} failed{(kernelMessage is null ? string.Empty : $": {kernelMessage}")}")
{
    public int Errno { get; } = errno;

    public string ErrnoName => Netlink.Errno.Name(Errno);

    public string? KernelMessage { get; } = kernelMessage;

    public static NetlinkException FromErrno(int errno, string operation) => new(errno, operation, null);
}
