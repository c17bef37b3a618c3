using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>
/// The cluster's Lease through the silo's port, as the silo identity held to <c>deploy/cluster</c>'s RBAC, against the
/// API emulator: the first silo set creates it, a second finds it held until its renew time plus duration, takes it only
/// once that has passed (on a test clock), and the first then learns it lost it. Writes carry the read's resourceVersion:
/// a stale one is refused with 409, so of contenders racing for a free lease exactly one wins.
/// </summary>
public sealed class ClusterLeaseTests : IAsyncLifetime
{
    private const string Namespace = "awsmultieni-node";
    private const string Name = "awsmultieni-fleet";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private readonly StepClock _clock = new();
    private readonly List<ClusterConnection> _connections = [];
    private KubeTestEnvironment _env = null!;
    private IKubernetes _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await KubeTestEnvironment.StartAsync(installCrd: false);
        ClusterSeeder.AllowSilo(_env[0]);
        _admin = _env.AdminClient(_env[0]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await _env.DisposeAsync();
        Assert.Empty(_env[0].Denials);
    }

    [Fact]
    public async Task A_held_lease_is_taken_over_only_after_it_expired_and_its_old_holder_learns_it_lost_it()
    {
        var first = Lease();
        var second = Lease();

        var taken = await first.TryAcquireAsync("first@us-east-1", Duration, TestContext.Current.CancellationToken);
        Assert.Equal(new LeaseClaim(true, "first@us-east-1", _clock.GetUtcNow() + Duration), taken);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new LeaseClaim(false, "first@us-east-1", taken.Until), await second.TryAcquireAsync("second@eu-west-1", Duration, TestContext.Current.CancellationToken));
        var renewed = await first.TryAcquireAsync("first@us-east-1", Duration, TestContext.Current.CancellationToken);
        Assert.Equal(new LeaseClaim(true, "first@us-east-1", _clock.GetUtcNow() + Duration), renewed);

        _clock.Advance(Duration - TimeSpan.FromSeconds(1));
        Assert.False((await second.TryAcquireAsync("second@eu-west-1", Duration, TestContext.Current.CancellationToken)).Held);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await second.TryAcquireAsync("second@eu-west-1", Duration, TestContext.Current.CancellationToken)).Held);
        Assert.Equal(new LeaseClaim(false, "second@eu-west-1", _clock.GetUtcNow() + Duration), await first.TryAcquireAsync("first@us-east-1", Duration, TestContext.Current.CancellationToken));

        var lease = await _admin.CoordinationV1.ReadNamespacedLeaseAsync(Name, Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(("second@eu-west-1", 30, 1), (lease.Spec.HolderIdentity, lease.Spec.LeaseDurationSeconds, lease.Spec.LeaseTransitions));
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once_and_only_its_holder_releases_it()
    {
        var first = Lease();
        var second = Lease();
        Assert.True((await first.TryAcquireAsync("first@us-east-1", Duration, TestContext.Current.CancellationToken)).Held);

        await second.ReleaseAsync("second@eu-west-1", TestContext.Current.CancellationToken);
        Assert.False((await second.TryAcquireAsync("second@eu-west-1", Duration, TestContext.Current.CancellationToken)).Held);

        await first.ReleaseAsync("first@us-east-1", TestContext.Current.CancellationToken);
        Assert.True((await second.TryAcquireAsync("second@eu-west-1", Duration, TestContext.Current.CancellationToken)).Held);
    }

    [Fact]
    public async Task Of_silo_sets_racing_for_a_free_lease_exactly_one_holds_it()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Lease().TryAcquireAsync($"set-{i}@us-east-1", Duration, TestContext.Current.CancellationToken)));
        var winner = Assert.Single(claims, c => c.Held);

        var lease = await _admin.CoordinationV1.ReadNamespacedLeaseAsync(Name, Namespace, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(winner.Holder, lease.Spec.HolderIdentity);
        Assert.All(claims.Where(c => !c.Held), c => Assert.Equal(winner.Holder, c.Holder));
    }

    [Fact]
    public async Task The_api_refuses_a_lease_written_with_a_stale_resource_version()
    {
        Assert.True((await Lease().TryAcquireAsync("first@us-east-1", Duration, TestContext.Current.CancellationToken)).Held);
        var stale = await _admin.CoordinationV1.ReadNamespacedLeaseAsync(Name, Namespace, cancellationToken: TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await Lease().TryAcquireAsync("first@us-east-1", Duration, TestContext.Current.CancellationToken)).Held);

        stale.Spec.HolderIdentity = "thief@us-east-1";
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => _admin.CoordinationV1.ReplaceNamespacedLeaseAsync(stale, Name, Namespace, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.Response.StatusCode);
    }

    /// <summary>A connection of its own per contender, as the silo's identity, as each silo set has.</summary>
    private IClusterLease Lease()
    {
        var connection = ClusterConnection.Create(
            new ClusterConnectionSettings(_env[0].Name) { KubeconfigPath = _env[0].SiloKubeconfigPath }, KubeTestEnvironment.FastWatch, _env.KubernetesMetrics, NullLoggerFactory.Instance, _clock);
        _connections.Add(connection);
        return connection.Lease(Namespace, Name);
    }
}
