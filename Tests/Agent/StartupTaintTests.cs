using System.Text.Json.Nodes;
using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Grains.Readiness;
using AwsMultiEni.Tests.Engine;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// Node pools put the fleet's startup taint on new nodes, so that no pod that needs the secondary network lands before
/// it works. The silo (as its own identity, held to the shipped ClusterRole) removes that taint, and no other, once the
/// NodeENI's ENI is attached and the node's agent reports its interface configured on the real kernel (a veth in the
/// node's namespace), and sets the ready label. Judged from the Node as the API serves it.
/// </summary>
public sealed class StartupTaintTests : IAsyncLifetime
{
    private const string StartupTaint = "awsmultieni.io/not-ready";
    private const string ReadyLabel = "awsmultieni.io/ready";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private readonly ReadinessChecks _checks = new();
    private EngineWorld _world = null!;
    private SimulatedAgentNode _agent = null!;

    private SimulatedNode Node => _world.Nodes[0];

    public async ValueTask InitializeAsync()
    {
        _world = await EngineWorld.StartAsync(new EngineWorldOptions
        {
            ConfigureSilo = silo =>
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<IIncomingGrainCallFilter>(_checks);
            },
        });
        _agent = await SimulatedAgentNode.CreateAsync();
    }

    // Null-safe: a failed InitializeAsync still gets here, and must stop whichever part did start.
    public ValueTask DisposeAsync() => SimulatedAgentNode.StopBothAsync(_agent, _world);

    [Fact]
    public async Task The_startup_taint_goes_once_the_agent_reports_the_interface_configured_and_no_other_taint_goes_with_it()
    {
        await TaintAsync(Node.Name, (StartupTaint, "NoSchedule"), ("dedicated", "NoSchedule"));
        await _world.LabelAsync(Node, EngineWorld.Selector);
        _agent.StartLink(_world.Grains, new NodeLinkSettings(_world.ClusterName, Node.Name, TimeSpan.FromSeconds(1)));
        var spec = _world.Spec(_world.Network.SubnetA.SubnetId);
        spec["interfaceName"] = "multus0";
        await _world.CreateNodeEniAsync("multus", spec);

        // Attached in EC2 and in status, but no link on the node yet: two checks later the taint is still there.
        await Poll.UntilAsync(async () => await _world.GetNodeEniAsync("multus") is { Status.Attachments: [{ Status: "attached" }] }, Deadline, "the ENI attached in status");
        var checks = _checks.Count;
        await Poll.UntilAsync(async () => _checks.Count >= checks + 2 || (await TaintsAsync(Node.Name)).Count < 2, Deadline, "two readiness checks after the attach");
        Assert.Equal([$"{StartupTaint}:NoSchedule", "dedicated:NoSchedule"], await TaintsAsync(Node.Name));

        await _agent.HotPlugAsync(_world, "multus", "ens6", Deadline);

        await Poll.UntilAsync(async () => (await TaintsAsync(Node.Name)).Count == 1, Deadline, "the startup taint to go");
        var node = await _world.Admin.CoreV1.ReadNodeAsync(Node.Name, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["dedicated:NoSchedule"], await TaintsAsync(Node.Name));
        Assert.Equal("true", node.Metadata.Labels[ReadyLabel]);
        Assert.Equal((true, (string?)null), (await _world.GetNodeEniAsync("multus"))!.Status!.Attachments!.Single() is { } a ? (a.InterfaceUp == true, a.InterfaceError) : default);
    }

    [Fact]
    public async Task A_tainted_node_no_nodeeni_selects_goes_ready_and_an_untainted_one_is_left_alone()
    {
        await TaintAsync(Node.Name, (StartupTaint, "NoSchedule"));
        await _world.CreateNodeEniAsync("multus", _world.Spec());

        await Poll.UntilAsync(async () => (await TaintsAsync(Node.Name)).Count == 0, Deadline, "the startup taint to go from a node no NodeENI selects");
        var other = await _world.Admin.CoreV1.ReadNodeAsync(_world.Nodes[1].Name, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(other.Metadata.Labels?.ContainsKey(ReadyLabel) ?? false);
    }

    private Task TaintAsync(string node, params (string Key, string Effect)[] taints) =>
        _world.Admin.CoreV1.PatchNodeAsync(
            new V1Patch(
                new JsonObject { ["spec"] = new JsonObject { ["taints"] = new JsonArray([.. taints.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["effect"] = t.Effect })]) } }.ToJsonString(),
                V1Patch.PatchType.MergePatch),
            node,
            cancellationToken: TestContext.Current.CancellationToken);

    private async Task<List<string>> TaintsAsync(string node) =>
        [.. ((await _world.Admin.CoreV1.ReadNodeAsync(node, cancellationToken: TestContext.Current.CancellationToken)).Spec?.Taints ?? []).Select(t => $"{t.Key}:{t.Effect}")];

    /// <summary>Counts the readiness checks the silo received.</summary>
    private sealed class ReadinessChecks : IIncomingGrainCallFilter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.InterfaceMethod?.DeclaringType == typeof(INodeReadinessCheck))
            {
                Interlocked.Increment(ref _count);
            }

            await context.Invoke();
        }
    }
}
