namespace AwsMultiEni.Agent.Netlink;

/// <summary>Linux errno numbers and their symbolic names, for errors a person can act on.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int EOPNOTSUPP = 95;
    public const int ENOBUFS = 105;

    private static readonly Dictionary<int, string> Names = new()
    {
        [EPERM] = "EPERM",
        [ENOENT] = "ENOENT",
        [3] = "ESRCH",
        [4] = "EINTR",
        [5] = "EIO",
        [6] = "ENXIO",
        [7] = "E2BIG",
        [9] = "EBADF",
        [11] = "EAGAIN",
        [12] = "ENOMEM",
        [13] = "EACCES",
        [14] = "EFAULT",
        [EBUSY] = "EBUSY",
        [EEXIST] = "EEXIST",
        [ENODEV] = "ENODEV",
        [EINVAL] = "EINVAL",
        [24] = "EMFILE",
        [28] = "ENOSPC",
        [ERANGE] = "ERANGE",
        [36] = "ENAMETOOLONG",
        [93] = "EPROTONOSUPPORT",
        [EOPNOTSUPP] = "EOPNOTSUPP",
        [97] = "EAFNOSUPPORT",
        [98] = "EADDRINUSE",
        [99] = "EADDRNOTAVAIL",
        [100] = "ENETDOWN",
        [ENOBUFS] = "ENOBUFS",
        [110] = "ETIMEDOUT",
    };

    public static string Name(int errno) => Names.TryGetValue(errno, out var name) ? name : $"errno {errno}";
}
