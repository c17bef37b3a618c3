using System.Diagnostics;
using System.Text.Json;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// <c>bench-engine --json</c> at a small size, run as the built Sandbox with its <c>bench-world</c> child: the rollout
/// converges and the report holds what the README promises (one Create, Attach and Modify per attachment, no
/// mutating call and at most one describe per cluster per drift interval at steady state, a memory figure), and with
/// <c>--dashboard</c> the fleet page measured in Chromium (first render, grain calls per refresh, search).
/// </summary>
public sealed class EngineBenchCommandTests
{
    private const int Nodes = 6;
    // A deadline, not a wait: the dashboard part opens Chromium a dozen times, slow when the suite runs beside it.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task A_small_rollout_reports_convergence_calls_per_attachment_memory_and_a_quiet_steady_state()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { RepoPaths.ProjectDll("Sandbox", "AwsMultiEni.Sandbox"), "bench-engine", "--clusters", "1", "--nodes", $"{Nodes}", "--time-factor", "50", "--drift-intervals", "1", "--json",
            "--dashboard", "--refreshes", "2", "--browsers", "1", "--dashboard-window-s", "1", "--chromium", Chromium.ExecutablePath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await errors);

            var report = JsonDocument.Parse(output).RootElement;
            Assert.Equal(Nodes, report.GetProperty("setup").GetProperty("attachments").GetInt32());
            var rollout = report.GetProperty("rollout");
            Assert.True(rollout.GetProperty("convergenceSeconds").GetDouble() > 0);
            var calls = rollout.GetProperty("ec2Calls").EnumerateArray().ToDictionary(c => c.GetProperty("action").GetString()!, c => c.GetProperty("calls").GetInt32() - c.GetProperty("throttled").GetInt32());
            Assert.All(new[] { "CreateNetworkInterface", "AttachNetworkInterface", "ModifyNetworkInterfaceAttribute" }, action => Assert.Equal(Nodes, calls[action]));
            Assert.True(rollout.GetProperty("grainStateWrites").GetInt32() > 0);
            Assert.True(report.GetProperty("memory").GetProperty("managedHeapBytes").GetInt64() > 0);
            var steady = report.GetProperty("steady");
            Assert.Equal(0, steady.GetProperty("mutatingCalls").GetInt32());
            Assert.InRange(steady.GetProperty("describesPerClusterPerInterval").GetDouble(), 0, 1);
            Assert.True(steady.GetProperty("memory").GetProperty("managedHeapBytes").GetInt64() > 0);

            var dashboard = report.GetProperty("dashboard");
            Assert.InRange(dashboard.GetProperty("warm").GetProperty("interactiveMs").GetDouble(), 1, 60_000);
            Assert.True(dashboard.GetProperty("refreshes").GetInt32() >= 1);
            Assert.True(dashboard.GetProperty("calls").GetProperty("IFleetIndexGrain.Query").GetInt32() >= 1);
            Assert.InRange(dashboard.GetProperty("callsPerRefresh").GetDouble(), 0.5, 50);
            Assert.True(dashboard.GetProperty("searchInBrowserMedianMs").GetDouble() > 0);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
