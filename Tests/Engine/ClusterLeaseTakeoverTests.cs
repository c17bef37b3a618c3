using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Two silo sets (different ServiceIds, each signing EC2 with its own key bound to the shipped policy, both as the silo
/// identity under the shipped RBAC) registered with the same cluster: the one holding the cluster's Lease runs it; the
/// other reports <c>OwnedElsewhere: held by … until …</c> and checks again each renew interval, makes no EC2 call at all,
/// neither lists nor watches the cluster, and refuses a NodeENI write. It takes over only once the lease has expired after
/// the first set died, or at once when the first set stopped gracefully and released it.
/// </summary>
public sealed class ClusterLeaseTakeoverTests
{
    private const string SecondSet = "second-set";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static readonly (TimeSpan Duration, TimeSpan RenewInterval) ShortLease = (TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task A_second_silo_set_changes_nothing_while_the_lease_is_held_and_takes_over_once_it_expired()
    {
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions { Lease = ShortLease });
        await world.LabelAsync(world.Nodes[0], EngineWorld.Selector);
        await world.CreateNodeEniAsync("leased", world.Spec(world.Network.SubnetA.SubnetId));
        await Poll.UntilAsync(async () => await world.ReadyGenerationAsync("leased") is not null, Deadline, "the first silo set to attach the ENI");
        var eni = Assert.Single(world.EnisOf("leased"));
        var firstHolder = $"{world.Silos.Options.ServiceId}@{EngineWorld.Region}";
        var cluster = world.Kube[0];
        var (lists, watches) = (cluster.Lists.Count, cluster.OpenWatches);
        var nodeEniVersion = (await world.GetNodeEniAsync("leased"))!.Metadata.ResourceVersion;

        var second = await StartSecondSetAsync(world, ShortLease);
        try
        {
            var owned = await OwnedElsewhereAsync(second, world.ClusterName, firstHolder);
            // Checked again: the reported expiry moves on as the first set renews and the second looks once more.
            await Poll.UntilAsync(async () => await ErrorAsync(second, world.ClusterName) is { } again && again != owned && again.StartsWith($"OwnedElsewhere: held by {firstHolder} until ", StringComparison.Ordinal), Deadline, "the second set to check the lease again");
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => second.Client.GetGrain<INodeEniGrain>(GrainKey.Join(world.ClusterName, "leased")).Delete());
            Assert.Contains($"OwnedElsewhere: held by {firstHolder}", refused.Message, StringComparison.Ordinal);

            Assert.Empty(CallsOf(world.Ec2, Ec2TestClients.OtherFleetAccessKeyId));
            Assert.Equal((lists, watches), (cluster.Lists.Count, cluster.OpenWatches));
            Assert.Equal(nodeEniVersion, (await world.GetNodeEniAsync("leased"))!.Metadata.ResourceVersion);

            // The first set dies without a word: its lease runs out, and only then does the second take the cluster.
            foreach (var silo in world.Silos.Silos.ToList())
            {
                await world.Silos.KillSiloAsync(silo, TestContext.Current.CancellationToken);
            }

            var lastRenewal = (await LeaseAsync(world.Admin)).Spec.RenewTime!.Value;
            var taken = await Poll.ForValueAsync(async () => await LeaseAsync(world.Admin) is { Spec.HolderIdentity: $"{SecondSet}@{EngineWorld.Region}" } lease ? lease : null, Deadline, "the second set to take the lease");
            Assert.True(taken.Spec.AcquireTime >= lastRenewal + ShortLease.Duration, $"taken at {taken.Spec.AcquireTime:O}, before the lease renewed at {lastRenewal:O} expired");
            Assert.Equal(1, taken.Spec.LeaseTransitions);

            await Poll.UntilAsync(
                async () => (await second.Client.GetGrain<IClusterGrain>(world.ClusterName).GetSummary()).Watch is { Watching: true, LastError: null },
                Deadline,
                "the second set to watch the cluster");
            // It adopts the first set's ENI by its tags (same ID, attached where it was), and makes none of its own.
            await Poll.UntilAsync(
                async () => (await second.Client.GetGrain<INodeEniGrain>(GrainKey.Join(world.ClusterName, "leased")).ListAttachments()).Any(a => a.EniId == eni.NetworkInterfaceId && a.Status == "attached"),
                Deadline,
                "the second set to hold the first set's ENI");
            Assert.Contains(CallsOf(world.Ec2, Ec2TestClients.OtherFleetAccessKeyId), c => c.Action == "DescribeNetworkInterfaces");
            Assert.Equal([eni.NetworkInterfaceId], world.Ec2.Calls.CreatedNetworkInterfaceIds());
        }
        finally
        {
            await TestSilos.StopAsync(second);
        }
    }

    [Fact]
    public async Task A_silo_set_that_stops_releases_its_lease_so_the_next_need_not_wait_for_it_to_expire()
    {
        var longLease = (TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(500));
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions { Lease = longLease });
        var second = await StartSecondSetAsync(world, longLease);
        try
        {
            await OwnedElsewhereAsync(second, world.ClusterName, $"{world.Silos.Options.ServiceId}@{EngineWorld.Region}");

            await world.Silos.StopAllSilosAsync(TestContext.Current.CancellationToken);

            await Poll.UntilAsync(
                async () => (await second.Client.GetGrain<IClusterGrain>(world.ClusterName).GetSummary()).Watch is { Watching: true, LastError: null },
                Deadline,
                "the second set to take the released lease long before it would expire");
            Assert.Equal($"{SecondSet}@{EngineWorld.Region}", (await LeaseAsync(world.Admin)).Spec.HolderIdentity);
        }
        finally
        {
            await TestSilos.StopAsync(second);
        }
    }

    private static async Task<InProcessTestCluster> StartSecondSetAsync(EngineWorld world, (TimeSpan, TimeSpan) lease)
    {
        var client = Ec2TestClients.Client(world.Ec2.Url, EngineWorld.Region, Ec2TestClients.OtherFleetAccessKeyId);
        var second = await EngineSilos.StartAsync(new EngineWorldOptions { ServiceId = SecondSet, Lease = lease }, Ec2TestClients.Gateway(client), world.Ec2.Url);
        await EngineSilos.RegisterAsync(second.Client, world.ClusterName, ClusterSeeder.AllowSilo(world.Kube[0]));
        return second;
    }

    private static Task<string> OwnedElsewhereAsync(InProcessTestCluster silos, string cluster, string holder) =>
        Poll.ForValueAsync(
            async () => await ErrorAsync(silos, cluster) is { } error && error.StartsWith($"OwnedElsewhere: held by {holder} until ", StringComparison.Ordinal) ? error : null,
            Deadline,
            "the second set to report the cluster owned elsewhere");

    private static async Task<string?> ErrorAsync(InProcessTestCluster silos, string cluster)
    {
        var watch = (await silos.Client.GetGrain<IClusterGrain>(cluster).GetSummary()).Watch;
        Assert.False(watch.Watching && watch.LastError is not null);
        return watch.LastError;
    }

    private static IReadOnlyList<Ec2CallRecord> CallsOf(Ec2Emulator ec2, string accessKeyId) => [.. ec2.Calls.Records.Where(c => c.AccessKeyId == accessKeyId)];

    private static Task<V1Lease> LeaseAsync(IKubernetes admin) =>
        admin.CoordinationV1.ReadNamespacedLeaseAsync("awsmultieni-fleet", "awsmultieni-node", cancellationToken: TestContext.Current.CancellationToken);
}
