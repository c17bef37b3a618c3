using System.Diagnostics;
using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The agent without a command: the long-running host, an Orleans client of the configured gateways.</summary>
public sealed class AgentHostTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ame-host-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Without_node_name_or_cluster_the_host_refuses_to_start_and_says_which_setting_is_missing()
    {
        var start = Start(FreePort.Next());
        start.Environment.Remove("NODE_NAME");
        start.Environment.Remove("Agent__Cluster");

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var text = await errors;
        Assert.Contains("agent: NODE_NAME is not set", text, StringComparison.Ordinal);
        Assert.Contains("agent: Agent__Cluster is not set", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_silo_reachable_healthz_says_degraded_and_metrics_show_the_link_down()
    {
        var port = FreePort.Next();
        var start = Start(port);
        start.Environment["NODE_NAME"] = "node-a";
        start.Environment["Agent__Cluster"] = "cluster-a";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Poll.UntilAsync(
                async () => !process.HasExited && (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"))) == "Degraded",
                TimeSpan.FromSeconds(30),
                "the agent host's /healthz to say Degraded");
            await Poll.UntilAsync(
                async () => Regex.IsMatch(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")), @"^agent_silo_connected(\{[^}]*\})? 0(\s|$)", RegexOptions.Multiline),
                TimeSpan.FromSeconds(30),
                "agent_silo_connected 0 on /metrics");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The built agent with its files in the test's directory and a gateway where nothing listens.</summary>
    private ProcessStartInfo Start(int port) => new("dotnet")
    {
        ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AwsMultiEni.Agent.dll"), "--urls", $"http://127.0.0.1:{port}" },
        Environment =
        {
            ["Agent__StatePath"] = Path.Combine(_directory.FullName, "state.json"),
            ["Agent__SysfsRoot"] = _directory.FullName,
            ["Agent__SriovConfigPath"] = Path.Combine(_directory.FullName, "config.json"),
            ["Agent__Gateways__0"] = $"127.0.0.1:{FreePort.Next()}",
        },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
}
