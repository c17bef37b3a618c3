using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// The leak check fails when it should: each test leaves one thing running on purpose, sees the check name it (and
/// the test that started it), then stops it. Not in parallel with other tests, so that a CPU reading is this test's own.
/// </summary>
[Collection(LeakSentinelSelfTest.Name)]
public sealed class LeakSentinelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silo_left_running_is_named_with_its_test_until_it_stops()
    {
        var registry = new LiveResources();
        var silos = await TestSilos.DeployAsync(new InProcessTestClusterBuilder(1), registry);
        var sentinel = new LeakSentinel(registry);
        try
        {
            var leak = Assert.Single(sentinel.Leftovers(), f => f.StartsWith("still running: silo ", StringComparison.Ordinal));
            Assert.Contains(silos.Silos[0].SiloAddress.ToString(), leak, StringComparison.Ordinal);
            Assert.Contains(nameof(A_silo_left_running_is_named_with_its_test_until_it_stops), leak, StringComparison.Ordinal);
        }
        finally
        {
            await TestSilos.StopAsync(silos);
        }

        Assert.DoesNotContain(sentinel.Leftovers(), f => f.StartsWith("still running: silo ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_killed_silo_no_longer_counts_as_running()
    {
        var registry = new LiveResources();
        var silos = await TestSilos.DeployAsync(new InProcessTestClusterBuilder(2), registry);
        try
        {
            var victim = silos.Silos[1];
            await silos.KillSiloAsync(victim, Ct);

            var running = registry.Alive().Select(r => r.What).ToList();
            Assert.DoesNotContain(running, r => r.Contains(victim.SiloAddress.ToString(), StringComparison.Ordinal));
            Assert.Contains(running, r => r.Contains(silos.Silos[0].SiloAddress.ToString(), StringComparison.Ordinal));
        }
        finally
        {
            await TestSilos.StopAsync(silos);
        }
    }

    [Fact]
    public async Task A_process_a_listening_socket_and_a_network_namespace_left_behind_are_named()
    {
        var sentinel = new LeakSentinel(new LiveResources());
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var network = TestNetworkNamespaces.NewName();
        await CommandRun.RequireAsync("ip", "netns", "add", network);
        try
        {
            var findings = sentinel.Leftovers();

            Assert.Contains($"process {sleeper.Id} still running: sleep 300", findings);
            Assert.Contains(findings, f => f.StartsWith($"still listening on 127.0.0.1:{port} ", StringComparison.Ordinal));
            Assert.Contains($"network namespace {network} not deleted", findings);
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync(Ct);
            listener.Stop();
            await CommandRun.RequireAsync("ip", "netns", "delete", network);
        }

        Assert.DoesNotContain(sentinel.Leftovers(), f => f.Contains("sleep 300", StringComparison.Ordinal) || f.Contains($":{port} ", StringComparison.Ordinal) || f.Contains(network, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_thread_that_keeps_burning_cpu_is_named_among_the_busiest()
    {
        using var stop = new CancellationTokenSource();
        var burner = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1000);
            }
        })
        { Name = "leak-burner", IsBackground = true };
        burner.Start();
        try
        {
            var busy = await LeakSentinel.BusyAsync(TimeSpan.FromSeconds(2), Ct);

            Assert.NotNull(busy);
            Assert.Contains("leak-burner", busy, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            burner.Join();
        }
    }
}

/// <summary>The sentinel's own tests: after the parallel tests, before <see cref="SuiteEnd"/>, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LeakSentinelSelfTest
{
    public const string Name = "Leak sentinel self-test";
}
