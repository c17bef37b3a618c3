using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A kubelet updates its Node's status every few seconds: at fleet scale that is hundreds of watch events a second,
/// none of which changes what a NodeENI plans on. They must not make NodeENIs plan again; a label change must.
/// Counted at the NodeENI grain: the signals that make it plan.
/// </summary>
public sealed class NodeHeartbeatTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Node_status_updates_make_no_nodeeni_plan_and_a_label_change_does()
    {
        var signals = new ReconcileSignals();
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions
        {
            ConfigureSilo = silo =>
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<IIncomingGrainCallFilter>(signals);
            },
        });
        foreach (var node in world.Nodes)
        {
            await world.LabelAsync(node, EngineWorld.Selector);
        }

        await world.CreateNodeEniAsync("multus", world.Spec());
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync("multus") == 1, Deadline, "the NodeENI to be Ready");
        var before = signals.NodesChanged;

        for (var beat = 0; beat < 10; beat++)
        {
            foreach (var node in world.Nodes)
            {
                await HeartbeatAsync(world, node.Name, beat);
            }
        }

        // Watch events arrive in order: once the ClusterGrain passed on this label change, it had seen every heartbeat.
        await world.Admin.CoreV1.PatchNodeAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["rack"] = "r1" } } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            world.Nodes[0].Name,
            cancellationToken: TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => signals.NodesChanged > before, Deadline, "the label change to reach the NodeENI");

        Assert.Equal(before + 1, signals.NodesChanged);
    }

    private static Task HeartbeatAsync(EngineWorld world, string node, int beat)
    {
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = "True",
                    ["reason"] = "KubeletReady",
                    ["message"] = $"kubelet is posting ready status (beat {beat})",
                    ["lastHeartbeatTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                }),
            },
        };
        return world.Admin.CoreV1.PatchNodeStatusAsync(new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), node, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Counts the calls that ask a NodeEniGrain to plan because nodes changed.</summary>
    private sealed class ReconcileSignals : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

        public int NodesChanged => _calls.GetValueOrDefault(nameof(INodeEniReconciler.NodesChanged));

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.InterfaceMethod?.DeclaringType == typeof(INodeEniReconciler))
            {
                _calls.AddOrUpdate(context.InterfaceMethod.Name, 1, (_, n) => n + 1);
            }

            await context.Invoke();
        }
    }
}
