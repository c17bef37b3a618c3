using System.Text.RegularExpressions;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The agent without a command: the long-running host, an Orleans client of the configured gateways.</summary>
public sealed class AgentHostTests : IAsyncDisposable
{
    private readonly AgentHostProcesses _hosts = new();

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    [Fact]
    public async Task Without_node_name_or_cluster_the_host_refuses_to_start_and_says_which_setting_is_missing()
    {
        var start = _hosts.StartInfo(FreePort.Next());
        start.Environment.Remove("NODE_NAME");
        start.Environment.Remove("Agent__Cluster");

        var process = _hosts.Launch(start);
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
        var start = _hosts.StartInfo(port);
        start.Environment["NODE_NAME"] = "node-a";
        start.Environment["Agent__Cluster"] = "cluster-a";
        var process = _hosts.Run(start);
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

    /// <summary>
    /// The host process against a silo process's gateway, found by a DNS name: it connects, reads its
    /// (empty) desired set, applies it and reports, so the NodeGrain holds a report. An empty set
    /// touches nothing on this host.
    /// </summary>
    [Fact]
    public async Task Connected_to_a_silo_gateway_the_host_reports_to_its_node_grain_and_says_healthy()
    {
        await using var silo = SiloProcess.Start(new Dictionary<string, string>());
        await Poll.UntilAsync(silo.IsReadyAsync, TimeSpan.FromSeconds(60), "the silo process to be ready");
        var port = FreePort.Next();
        var start = _hosts.StartInfo(port);
        start.Environment["NODE_NAME"] = "node-a";
        start.Environment["Agent__Cluster"] = "cluster-a";
        start.Environment["Agent__Gateways__0"] = $"localhost:{silo.GatewayPort}";

        var process = _hosts.Run(start);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(
            async () => !process.HasExited && Regex.IsMatch(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")), @"^agent_applies_total(\{[^}]*\})? [1-9]", RegexOptions.Multiline),
            TimeSpan.FromSeconds(60),
            "an apply counted on the agent's /metrics");
        Assert.Equal("Healthy", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TestContext.Current.CancellationToken));
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(silo.GatewayPort, "awsmultieni", "awsmultieni"));
        using var client = builder.Build();
        await client.StartAsync(TestContext.Current.CancellationToken);
        var report = await client.Services.GetRequiredService<IClusterClient>().GetGrain<INodeGrain>("cluster-a/node-a").GetReport();
        await client.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal([], report?.Interfaces);
    }
}
