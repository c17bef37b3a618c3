using System.Diagnostics;

namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// The suite's last look at the test host: whatever a test started that is still running (a world, a silo, a
/// process, a listening socket, a network namespace), and whether the host still burns CPU when no test runs.
/// Each finding names what leaked, so that a failing run says where to look.
/// </summary>
public sealed class LeakSentinel(LiveResources registry)
{
    /// <summary>More CPU than this, with every test finished, means work outlived the test that started it.</summary>
    public const double MaxIdleCores = 0.10;

    private const int BusiestThreads = 5;

    /// <summary>Processes the suite itself keeps for its whole run (its shared fixtures), not leaks.</summary>
    public HashSet<int> SharedProcesses { get; } = [];

    /// <summary>Everything that is still running, then the CPU the host uses over <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<string>> InspectAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var findings = Leftovers().ToList();
        if (await BusyAsync(window, cancellationToken) is { } busy)
        {
            findings.Add(busy);
        }

        return findings;
    }

    /// <summary>Whatever a test started that is still running: in the registry, and as the kernel sees this process.</summary>
    public IReadOnlyList<string> Leftovers() =>
    [
        .. registry.Alive().Select(r => $"still running: {r}"),
        .. HostProcess.Descendants().Where(p => !SharedProcesses.Contains(p.Id)).Select(p => $"process {p.Id} still running: {p.CommandLine}"),
        .. HostProcess.ListeningSockets().Select(e => $"still listening on {e} (an emulator, dashboard or silo left running)"),
        .. TestNetworkNamespaces.Remaining().Select(n => $"network namespace {n} not deleted"),
    ];

    /// <summary>The host's CPU use over the window, with its busiest threads, when it is above <see cref="MaxIdleCores"/>; null otherwise.</summary>
    public static async Task<string?> BusyAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        // Settle what the tests left to the collector first, so that its work is not counted as a leak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = HostProcess.Threads().ToDictionary(t => t.Id);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        var threads = HostProcess.Threads()
            .Select(t => (t.Name, Cores: (t.Used - (before.TryGetValue(t.Id, out var b) ? b.Used : TimeSpan.Zero)) / clock.Elapsed))
            .Where(t => !IsRuntimeCatchingUp(t.Name))
            .ToList();
        var cores = threads.Sum(t => t.Cores);
        if (cores <= MaxIdleCores)
        {
            return null;
        }

        var busiest = threads.Where(t => t.Cores > 0.01).OrderByDescending(t => t.Cores).Take(BusiestThreads).Select(t => $"{t.Name} {t.Cores:P0}");
        return $"the test host used {cores:P0} of a core over {window.TotalSeconds:0.#} s with no test running (at most {MaxIdleCores:P0}); busiest threads: {string.Join(", ", busiest)}";
    }

    /// <summary>
    /// The runtime recompiling the suite's hot methods in the background (tiered compilation): bounded work of the
    /// runtime's own that goes on for seconds after the tests, not something a test left running.
    /// </summary>
    private static bool IsRuntimeCatchingUp(string thread) => thread.StartsWith(".NET Tiered Com", StringComparison.Ordinal);
}
