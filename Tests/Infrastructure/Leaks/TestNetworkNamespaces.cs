namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// Names of the network namespaces this test host makes: they carry its process ID, so that a leak check sees
/// its own leftovers and not another test run's on the same machine.
/// </summary>
public static class TestNetworkNamespaces
{
    private const string Directory = "/var/run/netns";

    private static string Prefix => $"ame-{Environment.ProcessId}-";

    public static string NewName() => Prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>This host's namespaces that <c>ip netns</c> still lists.</summary>
    public static IReadOnlyList<string> Remaining() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFileSystemEntries(Directory).Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];
}
