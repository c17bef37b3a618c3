using System.Collections.Immutable;
using System.Net;
using System.Threading.Channels;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AwsMultiEni.Tests.Aws;

/// <summary>Token buckets and the split of one account budget across the silo set.</summary>
public sealed class Ec2BudgetShareTests
{
    [Fact]
    public void A_bucket_admits_its_capacity_then_its_refill_rate()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(new TokenBucketOptions { Capacity = 3, RefillPerSecond = 2 }, time);

        Assert.True(bucket.TryTake(out _) && bucket.TryTake(out _) && bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out _));
    }

    [Fact]
    public void A_share_divides_size_and_rate_and_keeps_at_least_one_token()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(new TokenBucketOptions { Capacity = 4, RefillPerSecond = 2 }, time);

        bucket.Reconfigure(new TokenBucketOptions { Capacity = 4, RefillPerSecond = 2 }.Share(0.5));

        Assert.True(bucket.TryTake(out _) && bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        Assert.Equal(1, new TokenBucketOptions { Capacity = 2, RefillPerSecond = 5 }.Share(0.1).Capacity);
    }

    [Fact]
    public async Task Each_active_silo_takes_an_equal_share_of_the_region_budget()
    {
        var registry = new Ec2BudgetRegistry(Options.Create(new Ec2GatewayOptions()), TimeProvider.System);
        registry.For("us-east-1");
        var membership = new FakeMembership();
        using var services = new ServiceCollection().AddSingleton<IClusterMembershipService>(membership).BuildServiceProvider();
        using var service = new Ec2BudgetShareService(registry, services, NullLogger<Ec2BudgetShareService>.Instance);
        await service.StartAsync(TestContext.Current.CancellationToken);

        membership.Publish(SiloStatus.Active, SiloStatus.Active, SiloStatus.Joining);
        await Poll.UntilAsync(() => registry.Share == 0.5, TimeSpan.FromSeconds(10), "a half share with two active silos");
        membership.Publish(SiloStatus.Active, SiloStatus.Active, SiloStatus.Active, SiloStatus.Active);
        await Poll.UntilAsync(() => registry.Share == 0.25, TimeSpan.FromSeconds(10), "a quarter share with four active silos");
        membership.Publish(SiloStatus.Active, SiloStatus.Dead);
        await Poll.UntilAsync(() => registry.Share == 1, TimeSpan.FromSeconds(10), "the whole budget once the others are dead");

        await service.StopAsync(TestContext.Current.CancellationToken);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class FakeMembership : IClusterMembershipService
    {
        private readonly Channel<ClusterMembershipSnapshot> _updates = Channel.CreateUnbounded<ClusterMembershipSnapshot>();
        private long _version;

        public ClusterMembershipSnapshot CurrentSnapshot { get; private set; } = new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, MembershipVersion.MinValue);

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => _updates.Reader.ReadAllAsync();

        public void Publish(params SiloStatus[] statuses)
        {
            var members = statuses.Select((status, i) => new ClusterMember(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1), status, $"silo-{i}"));
            CurrentSnapshot = new ClusterMembershipSnapshot(members.ToImmutableDictionary(member => member.SiloAddress), new MembershipVersion(++_version));
            _updates.Writer.TryWrite(CurrentSnapshot);
        }

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }
}
