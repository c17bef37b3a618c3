using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Security;
using AwsMultiEni.Tests.Agent;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Ec2;
using AwsMultiEni.Tests.Storage;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AwsMultiEni.Tests.Security;

/// <summary>
/// The node agent as it runs in its DaemonSet, a process with its projected token in a file, against a silo process
/// that refuses callers without a token: the silo has the token reviewed by the agent's own cluster and takes the
/// agent's report for the node the token's pod runs on, and for no other.
/// </summary>
public sealed class AgentProcessTokenTests
{
    private const string Region = "us-east-1";
    private const string Automation = "automation";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_agent_reports_with_the_token_of_a_pod_on_its_node_and_one_holding_another_nodes_token_gets_nothing_in()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var ec2 = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions, cancellationToken: cancellation);
        await using var kube = await KubeTestEnvironment.StartAsync();
        var cluster = kube[0].Name;
        var (own, other) = KubeTestEnvironment.AddNodes(kube[0], 2) is [var first, var second] ? (first, second) : throw new InvalidOperationException("two nodes");
        ClusterSeeder.AllowAgent(kube[0]);
        var admin = kube.AdminClient(kube[0]);
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = Automation } }, "default", cancellationToken: cancellation);

        await using var silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Fleet__Clusters__0__Name"] = cluster,
            ["Fleet__Clusters__0__Region"] = Region,
            ["Fleet__Clusters__0__Kubeconfig"] = ClusterSeeder.AllowSilo(kube[0]),
            ["Security__AnonymousRole"] = "none",
            ["Security__ReviewCluster"] = cluster,
            ["Security__Admins__0"] = $"system:serviceaccount:default:{Automation}",
            ["AWS_REGION"] = Region,
            ["AWS_ENDPOINT_URL_EC2"] = ec2.Url.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
        });
        await Poll.UntilAsync(silo.IsReadyAsync, Deadline, "the silo process to be ready");
        await using var agents = new AgentHostProcesses();
        var (_, ownToken) = await ServiceAccountTokens.ForAgentPodAsync(admin, own);

        StartAgent(agents, silo, cluster, own, ownToken);
        StartAgent(agents, silo, cluster, other, ownToken);

        using var automation = await AdminClientAsync(silo, agents.WriteFile("automation-token", await ServiceAccountTokens.MintAsync(admin, "default", Automation)));
        var grains = automation.Services.GetRequiredService<IClusterClient>();
        await Poll.UntilAsync(
            async () => await grains.GetGrain<INodeGrain>(GrainKey.Join(cluster, own)).GetReport() is not null,
            Deadline,
            $"the agent on {own} to report");
        await Poll.UntilAsync(
            () => silo.Output.Contains($"the token is bound to node '{own}' of cluster '{cluster}', not to '{other}'", StringComparison.Ordinal),
            Deadline,
            $"the silo to refuse the agent on {other}, which holds {own}'s token");
        Assert.Null(await grains.GetGrain<INodeGrain>(GrainKey.Join(cluster, other)).GetReport());
        await automation.StopAsync(cancellation);
    }

    private static void StartAgent(AgentHostProcesses agents, SiloProcess silo, string cluster, string node, string token)
    {
        var start = agents.StartInfo(FreePort.Next(), node);
        start.Environment["NODE_NAME"] = node;
        start.Environment["Agent__Cluster"] = cluster;
        start.Environment["Agent__Gateways__0"] = $"127.0.0.1:{silo.GatewayPort}";
        start.Environment["Security__TokenFile"] = agents.WriteFile($"{node}-token", token);
        agents.Run(start);
    }

    /// <summary>Automation with its own token, which the review cluster maps to admin: the silo refuses callers without one.</summary>
    private static async Task<IHost> AdminClientAsync(SiloProcess silo, string tokenFile)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client.UseLocalhostClustering(silo.GatewayPort, "awsmultieni", "awsmultieni").UseCallerToken(tokenFile));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
