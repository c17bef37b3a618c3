using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Abstractions.Security;
using AwsMultiEni.Client.Fleet;
using AwsMultiEni.Security;

namespace AwsMultiEni.Tests.Security;

/// <summary>
/// Each role's allowed and refused calls through the silos' real filter, with real tokens from the emulated clusters'
/// TokenRequest checked by their TokenReview: no token is no role here (<c>Security:AnonymousRole=none</c>).
/// </summary>
public sealed class CallerRoleTests(SecurityWorldFixture fixture) : IClassFixture<SecurityWorldFixture>
{
    private SecurityWorld World => fixture.World;

    private IFleetGrain Fleet => World.Grains.GetGrain<IFleetGrain>(IFleetGrain.Key);

    [Fact]
    public async Task An_agent_calls_its_own_node_and_nothing_else()
    {
        var own = World.Node(0, 1);
        var (_, token) = await World.AgentTokenAsync(0, own);
        World.UseToken(token);

        await NodeGrain(0, own).Report(new NodeInterfaceReport([]));
        Assert.NotNull(await NodeGrain(0, own).GetReport());
        await NodeGrain(0, own).GetDesiredInterfaces();

        var otherNode = await Assert.ThrowsAsync<CallRefusedException>(() => NodeGrain(0, World.Node(0, 2)).Report(new NodeInterfaceReport([])));
        Assert.Equal("agent", otherNode.Role);
        Assert.Contains($"bound to node '{own}'", otherNode.Message, StringComparison.Ordinal);
        // The same node name in the other cluster: that cluster does not know the token, so it is only the first cluster's agent.
        var otherCluster = await Assert.ThrowsAsync<CallRefusedException>(() => World.Grains.GetGrain<INodeGrain>(GrainKey.Join(World[1].Name, own)).GetDesiredInterfaces());
        Assert.Equal("agent", otherCluster.Role);
        var register = await Assert.ThrowsAsync<CallRefusedException>(() => Fleet.Register(Registration(0)));
        Assert.Equal(("agent", "IFleetGrain.Register"), (register.Role, register.Method));
        await Assert.ThrowsAsync<CallRefusedException>(() => Fleet.ListClusters());
    }

    [Fact]
    public async Task The_dashboard_reads_everything_the_dashboard_and_the_cli_read_and_changes_nothing()
    {
        World.UseToken(await World.TokenAsync(0, "default", SecurityWorld.DashboardAccount));
        var client = new FleetClient(World.Silos.Client);

        Assert.Equal(2, (await client.ListClustersAsync(TestContext.Current.CancellationToken)).Count);
        await client.ListNodeEnisAsync(World[0].Name, TestContext.Current.CancellationToken);
        await client.ListAttachmentsAsync(new AwsMultiEni.Client.Fleet.AttachmentQuery(World[0].Name), TestContext.Current.CancellationToken);
        await client.GetNodeReportAsync(World[0].Name, World.Node(0, 1), TestContext.Current.CancellationToken);
        await World.Grains.GetGrain<IFleetIndexGrain>(IFleetIndexGrain.Key).GetOverview();

        var register = await Assert.ThrowsAsync<CallRefusedException>(() => Fleet.Register(Registration(0)));
        Assert.Equal(("dashboard", "IFleetGrain.Register"), (register.Role, register.Method));
        var apply = await Assert.ThrowsAsync<FleetException>(() => client.ApplyNodeEniAsync(World[0].Name, "refused", new NodeEniSpec(), TestContext.Current.CancellationToken));
        Assert.Contains("not allowed for role 'dashboard'", apply.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CallRefusedException>(() => NodeGrain(0, World.Node(0, 1)).Report(new NodeInterfaceReport([])));
    }

    [Fact]
    public async Task An_admin_registers_clusters()
    {
        World.UseToken(await World.TokenAsync(0, "default", SecurityWorld.AdminAccount));

        await Fleet.Register(Registration(0));

        Assert.Equal(2, (await Fleet.ListClusters()).Count);
    }

    [Fact]
    public async Task No_token_a_token_for_another_audience_one_whose_pod_is_gone_and_an_unmapped_user_are_refused()
    {
        World.UseToken(null);
        var none = await Assert.ThrowsAsync<CallRefusedException>(() => Fleet.ListClusters());
        Assert.Equal("none", none.Role);
        Assert.Contains("no token was sent", none.Message, StringComparison.Ordinal);

        World.UseToken(await World.TokenAsync(0, "default", SecurityWorld.AdminAccount, audience: "https://kubernetes.default.svc"));
        Assert.Contains("did not accept the token", (await Assert.ThrowsAsync<CallRefusedException>(() => Fleet.ListClusters())).Message, StringComparison.Ordinal);

        var node = World.Node(0, 2);
        var (pod, token) = await World.AgentTokenAsync(0, node);
        await World.DeletePodAsync(0, pod);
        World.UseToken(token);
        var gone = await Assert.ThrowsAsync<CallRefusedException>(() => NodeGrain(0, node).GetDesiredInterfaces());
        Assert.Equal("none", gone.Role);

        World.UseToken(await World.TokenAsync(0, "default", SecurityWorld.StrangerAccount));
        Assert.Contains("neither in Security:Admins", (await Assert.ThrowsAsync<CallRefusedException>(() => Fleet.ListClusters())).Message, StringComparison.Ordinal);
    }

    private INodeGrain NodeGrain(int cluster, string node) => World.Grains.GetGrain<INodeGrain>(GrainKey.Join(World[cluster].Name, node));

    private ClusterRegistration Registration(int cluster) =>
        new() { Name = World[cluster].Name, Region = SecurityWorld.Region, Kubeconfig = World[cluster].SiloKubeconfigPath };
}
