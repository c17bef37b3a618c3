using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Silo loss during a rollout of hundreds of nodes: three silos, two clusters of 100 nodes each, one NodeENI per
/// cluster selecting every node. The silo watching the first cluster is killed while ENIs are still being attached;
/// afterwards every NodeENI is Ready, each node has exactly one ENI, no ENI leaked, and the cluster is watched
/// from a surviving silo. Grain state and reminders are in DynamoDB (moto), which outlives the silo.
/// </summary>
[Collection(RunsAlone.Name)]
[Trait(TestProcess.Trait, TestProcess.Heavy)]
public sealed class SiloLossTests(SharedMotoServer moto)
{
    private const int Clusters = 2;
    private const int NodesPerCluster = 100;
    private const string NodeEniName = "multus";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Killing_the_watching_silo_mid_rollout_converges_on_the_survivors_with_one_eni_per_node()
    {
        await using var world = await RolloutWorld.StartAsync(moto, Clusters, NodesPerCluster, silos: 3);
        var total = Clusters * NodesPerCluster;
        var watched = world.ClusterNames[0];
        foreach (var cluster in world.ClusterNames)
        {
            await world.ApplyAsync(cluster, NodeEniName);
        }

        await Poll.UntilAsync(() => world.FleetEnis().Count(e => e.AttachmentStatus == "attached") >= total / 10, Deadline, "a tenth of the ENIs to be attached");
        var watcher = (await world.Grains.GetGrain<IClusterGrain>(watched).GetSummary()).Watch.Silo;
        var victim = Assert.Single(world.Silos.Silos, s => s.SiloAddress.ToString() == watcher);
        var attachedAtKill = world.FleetEnis().Count(e => e.AttachmentStatus == "attached");
        await world.KillAsync(victim);
        Assert.True(attachedAtKill < total, $"The rollout finished ({attachedAtKill} of {total} attached) before the silo was killed.");

        // Generous: the recovery takes about 25 s; the deadline only bounds a failure.
        await Poll.UntilAsync(
            async () => await Task.WhenAll(world.ClusterNames.Select(c => world.GetNodeEniAsync(c, NodeEniName))) is var nodeEnis && nodeEnis.All(IsConverged)
                ? true
                : throw Unconverged(world, nodeEnis),
            RecoveryDeadline,
            $"NodeENI {NodeEniName} to be Ready on every node of every cluster");

        var enis = world.FleetEnis();
        Assert.Equal(total, enis.Count);
        Assert.All(enis, e => Assert.Equal(("attached", 1), (e.AttachmentStatus, e.DeviceIndex)));
        Assert.All(enis.GroupBy(e => e.InstanceId), perNode => Assert.Single(perNode));
        Assert.Equal(world.Seeded.Instances.Select(i => i.InstanceId).Order(), enis.Select(e => e.InstanceId).Order());

        // Every ENI EC2 ever created is one of these: a duplicate created across the kill and swept since would show here.
        Assert.Equal(enis.Select(e => e.NetworkInterfaceId).Order(StringComparer.Ordinal), world.Ec2.Calls.CreatedNetworkInterfaceIds().Order(StringComparer.Ordinal));
        await AssertWatchedFromOneSurvivorAsync(world, watched, watcher!);
    }

    [Fact]
    public async Task A_dead_silos_cluster_is_watched_again_on_a_survivor_woken_by_the_takeover_and_its_calls_end_with_it()
    {
        var logs = new LogCapture();
        await using var world = await RolloutWorld.StartAsync(moto, clusters: 1, nodesPerCluster: 3, silos: 2, logs);
        var cluster = world.ClusterNames[0];
        var watching = $"Cluster {cluster}: watching from silo";
        await Poll.UntilAsync(() => logs.SilosThatSaid(watching).Count > 0 && world.Kube.Emulator[cluster].OpenWatches == 2, Deadline, "a silo to watch the cluster");
        var victim = Assert.Single(world.Silos.Silos, s => s.Name == logs.SilosThatSaid(watching)[0]);

        // With its wire cut, the watching silo's drift check waits on EC2: the silo is killed in the middle of a call.
        var wire = world.Wire(victim);
        wire.Sever();
        await Poll.UntilAsync(() => wire.Hanging > 0, Deadline, "a call of the watching silo to wait on the cut wire");
        await world.Silos.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => wire.Hanging == 0, Deadline, "the killed silo's calls in flight to end with it");
        var attemptsAtDeath = wire.AttemptsAfterSevered;

        // Nothing in this test calls the cluster: only the takeover (or, up to a minute later, its reminder) wakes it.
        const string tookOver = "cluster(s) checked for a watcher";
        await Poll.UntilAsync(
            () => logs.SilosThatSaid(watching).Any(s => s != victim.Name) && logs.SilosThatSaid(tookOver).Count > 0,
            Deadline,
            "a survivor to take the cluster over and watch it");
        var survivor = Assert.Single(logs.SilosThatSaid(watching), s => s != victim.Name);
        Assert.Equal([survivor], logs.SilosThatSaid(tookOver));
        await AssertWatchedFromOneSurvivorAsync(world, cluster, victim.SiloAddress.ToString());

        // The killed silo's grains deactivated with it: none of them tried EC2 again while the survivor took over.
        Assert.Equal(attemptsAtDeath, wire.AttemptsAfterSevered);
    }

    /// <summary>
    /// The API emulator holds exactly the two watches (nodes and NodeENIs) of one watcher, and the cluster names a
    /// living silo other than <paramref name="dead"/> as that watcher: the dead silo's watches ended with it.
    /// </summary>
    private static async Task AssertWatchedFromOneSurvivorAsync(RolloutWorld world, string cluster, string dead)
    {
        await Poll.UntilAsync(() => world.Kube.Emulator[cluster].OpenWatches == 2, Deadline, $"exactly one watcher's two watches on {cluster}");
        var summary = await world.Grains.GetGrain<IClusterGrain>(cluster).GetSummary();
        Assert.Contains(summary.Watch.Silo, world.Silos.Silos.Select(s => s.SiloAddress.ToString()));
        Assert.NotEqual(dead, summary.Watch.Silo);
    }

    /// <summary>What a timeout should say: each NodeENI's Ready condition and attachments, and EC2's view.</summary>
    private static InvalidOperationException Unconverged(RolloutWorld world, NodeEni[] nodeEnis)
    {
        var statuses = world.ClusterNames.Zip(nodeEnis).Select(pair =>
        {
            var (c, status) = (pair.First, pair.Second.Status);
            var ready = status?.Conditions?.FirstOrDefault(x => x.Type == NodeEniCondition.Ready);
            var attachments = string.Join(", ", (status?.Attachments ?? []).GroupBy(a => a.Status).Select(g => $"{g.Count()} {g.Key}"));
            return $"{c}: Ready={ready?.Status}/{ready?.Reason} ({ready?.Message}); attachments: {attachments}";
        });
        var enis = world.FleetEnis();
        var bare = world.Seeded.Instances.Select(i => i.InstanceId).Except(enis.Select(e => e.InstanceId).OfType<string>()).Take(5);
        return new InvalidOperationException(
            $"{string.Join("; ", statuses)}. EC2: {string.Join(", ", enis.GroupBy(e => e.AttachmentStatus).Select(g => $"{g.Count()} {g.Key ?? "available"}"))}; instances without an ENI, first five: {string.Join(", ", bare)}.");
    }

    private static bool IsConverged(NodeEni nodeEni) =>
        nodeEni.Status is { Attachments: { Count: NodesPerCluster } attachments, Conditions: { } conditions }
        && attachments.All(a => a.Status == "attached" && a.EniId is not null)
        && conditions.Any(c => c.Type == NodeEniCondition.Ready && c.Status == "True");
}
