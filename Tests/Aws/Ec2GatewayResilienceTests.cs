using Amazon.EC2.Model;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Ec2;

namespace AwsMultiEni.Tests.Aws;

/// <summary>
/// What the gateway promises beyond single calls, measured at the emulator (its call log sees every request
/// that reached "EC2"): idempotent create across a crash, convergence under throttling, one shared budget,
/// describe batching, and terminal permission errors.
/// </summary>
public sealed class Ec2GatewayResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_create_retried_after_a_crash_returns_the_same_interface()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions, cancellationToken: Ct);
        using var firstProcess = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(firstProcess);
        var request = world.Eni(world.SubnetA);

        // The first silo creates the ENI and dies before it can write the result to grain state.
        var lost = await Ec2TestClients.Gateway(firstProcess).CreateNetworkInterfaceAsync(request, Ct);
        using var secondProcess = Ec2TestClients.Client(emulator.Url);
        var recovered = await Ec2TestClients.Gateway(secondProcess).CreateNetworkInterfaceAsync(request, Ct);
        var nextIntent = await Ec2TestClients.Gateway(secondProcess).CreateNetworkInterfaceAsync(world.Eni(world.SubnetA, intent: 2), Ct);

        Assert.Equal(lost.NetworkInterfaceId, recovered.NetworkInterfaceId);
        Assert.NotEqual(lost.NetworkInterfaceId, nextIntent.NetworkInterfaceId);
        Assert.Equal(2, emulator.Inventory().NetworkInterfaces.Count(eni => eni.Tags.GetValueOrDefault(EniTags.AttachmentKeyKey) == request.Tags.AttachmentKey));
    }

    [Fact]
    public async Task Half_the_calls_throttled_still_converges_with_no_failure_surfaced()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { Seed = 7 }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var instanceId = await world.RunInstanceAsync(world.SubnetA, "m5.24xlarge");
        emulator.Faults.Rules = [new Ec2FaultRule(null, "RequestLimitExceeded", 0.5)];
        var gateway = Ec2TestClients.Gateway(client, Ec2TestClients.FastRetries(maxAttempts: 40));

        await Task.WhenAll(Enumerable.Range(1, 10).Select(async index =>
        {
            var eni = await gateway.CreateNetworkInterfaceAsync(world.Eni(world.SubnetA, $"node-{index}"));
            var attachmentId = await gateway.AttachNetworkInterfaceAsync(eni.NetworkInterfaceId, instanceId, index);
            await gateway.SetDeleteOnTerminationAsync(eni.NetworkInterfaceId, attachmentId, true);
        }));

        var secondary = emulator.Inventory().NetworkInterfaces.Where(eni => eni.DeviceIndex > 0).ToList();
        Assert.Equal(10, secondary.Count);
        Assert.All(secondary, eni => Assert.True(eni.DeleteOnTermination));
        Assert.Equal(Enumerable.Range(1, 10), secondary.Select(eni => eni.DeviceIndex!.Value).Order());
        Assert.InRange(emulator.Calls.Records.Count(record => record.Outcome == "RequestLimitExceeded"), 10, int.MaxValue);
    }

    /// <summary>Three gateways (think: three clusters) in one account and region, 10 creates each, all at once.</summary>
    [Fact]
    public Task Concurrent_callers_share_one_budget_and_never_outrun_its_refill()
    {
        Ec2RequestBudget? shared = null;
        return AssertConcurrentCreatesStayWithinAsync(
            callers: 3, perCaller: 10, new TokenBucketOptions { Capacity = 5, RefillPerSecond = 10 }, budgets: 1,
            (options, clock) => shared ??= new Ec2RequestBudget(options.Budget, clock));
    }

    /// <summary>Two silos, each with half of the account's budget (Ec2BudgetShareService sets the share from membership).</summary>
    [Fact]
    public Task Silos_holding_equal_shares_stay_within_the_account_budget_together() =>
        AssertConcurrentCreatesStayWithinAsync(
            callers: 2, perCaller: 12, new TokenBucketOptions { Capacity = 6, RefillPerSecond = 10 }, budgets: 2,
            (options, clock) =>
            {
                var silo = new Ec2BudgetRegistry(Microsoft.Extensions.Options.Options.Create(options), clock);
                silo.SetShare(0.5);
                return silo.For("us-east-1");
            });

    [Fact]
    public async Task Concurrent_describes_are_merged_into_far_fewer_calls()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var gateway = Ec2TestClients.Gateway(client);
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add((await gateway.CreateNetworkInterfaceAsync(world.Eni(world.SubnetA, $"node-{i}"), Ct)).NetworkInterfaceId);
        }

        var run = await client.RunInstancesAsync(
            new RunInstancesRequest { ImageId = "ami-12345678", InstanceType = "m5.large", MinCount = 20, MaxCount = 20, SubnetId = world.SubnetB.SubnetId }, Ct);
        var instanceIds = run.Reservation.Instances.Select(instance => instance.InstanceId).ToList();

        emulator.Calls.Clear();
        var interfaces = await Task.WhenAll(ids.Append("eni-0123456789abcdef0").Select(id => gateway.DescribeNetworkInterfaceAsync(id, Ct)));
        var instances = await Task.WhenAll(instanceIds.Append("i-0123456789abcdef0").Select(id => gateway.DescribeInstanceAsync(id, Ct)));

        Assert.Equal(ids, interfaces.Take(50).Select(eni => eni!.NetworkInterfaceId));
        Assert.Null(interfaces[50]);
        Assert.Equal(instanceIds, instances.Take(20).Select(instance => instance!.InstanceId));
        Assert.All(instances.Take(20), instance => Assert.Equal(world.SubnetB.AvailabilityZone, instance!.AvailabilityZone));
        Assert.Null(instances[20]);

        // One merged describe per kind: the ID the merged answer lacks is absent, not asked again on its own.
        Assert.Equal(1, emulator.Calls.Count("DescribeNetworkInterfaces"));
        Assert.Equal(1, emulator.Calls.Count("DescribeInstances"));
    }

    /// <summary>
    /// A rollout asks about its ENIs one at a time, spread over the seconds an attach takes: every ID asked within the
    /// describe interval after a describe waits for the next one, which answers them all.
    /// </summary>
    [Fact]
    public async Task Describes_spread_over_an_interval_share_one_call()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var options = Ec2TestClients.FastRetries();
        options.DescribeInterval = TimeSpan.FromSeconds(2);
        var gateway = Ec2TestClients.Gateway(client, options);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await gateway.CreateNetworkInterfaceAsync(world.Eni(world.SubnetA, $"node-{i}"), Ct)).NetworkInterfaceId);
        }

        emulator.Calls.Clear();
        Assert.Equal(ids[0], (await gateway.DescribeNetworkInterfaceAsync(ids[0], Ct))?.NetworkInterfaceId);
        var spread = new List<Task<Ec2NetworkInterface?>>();
        foreach (var id in ids.Skip(1))
        {
            spread.Add(gateway.DescribeNetworkInterfaceAsync(id, Ct));
            await Task.Delay(TimeSpan.FromMilliseconds(30), Ct);
        }

        Assert.Equal(ids.Skip(1), (await Task.WhenAll(spread)).Select(eni => eni?.NetworkInterfaceId));
        Assert.Equal(2, emulator.Calls.Count("DescribeNetworkInterfaces"));
    }

    [Theory]
    [InlineData("RequestLimitExceeded", Ec2ErrorKind.Throttled)]
    [InlineData("InternalError", Ec2ErrorKind.Transient)]
    [InlineData("Unavailable", Ec2ErrorKind.Transient)]
    public async Task Retryable_errors_are_retried_up_to_the_attempt_limit_then_surface(string code, Ec2ErrorKind kind)
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        emulator.Faults.Rules = [new Ec2FaultRule("CreateNetworkInterface", code, 1)];

        var error = await Assert.ThrowsAsync<Ec2RequestException>(() =>
            Ec2TestClients.Gateway(client, Ec2TestClients.FastRetries(maxAttempts: 4)).CreateNetworkInterfaceAsync(world.Eni(world.SubnetA), Ct));

        Assert.Equal((code, kind, 4), (error.ErrorCode, error.Kind, error.Attempts));
        Assert.Equal(4, emulator.Calls.Count("CreateNetworkInterface", code));
    }

    [Fact]
    public async Task Permission_errors_are_terminal_and_keep_the_aws_message()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var instanceId = await world.RunInstanceAsync(world.SubnetA);
        var gateway = Ec2TestClients.Gateway(client);
        var eni = await gateway.CreateNetworkInterfaceAsync(world.Eni(world.SubnetA), Ct);
        emulator.Faults.Rules = [new Ec2FaultRule("AttachNetworkInterface", "UnauthorizedOperation", 1)];

        var error = await Assert.ThrowsAsync<Ec2RequestException>(() => gateway.AttachNetworkInterfaceAsync(eni.NetworkInterfaceId, instanceId, 1, Ct));

        Assert.Equal(("UnauthorizedOperation", Ec2ErrorKind.Unauthorized, 1), (error.ErrorCode, error.Kind, error.Attempts));
        Assert.Equal("You are not authorized to perform this operation.", error.AwsMessage);
        Assert.Equal(1, emulator.Calls.Count("AttachNetworkInterface"));
    }

    /// <summary>
    /// Runs <paramref name="callers"/> gateways, each on its own SDK client and on the budget <paramref name="budgetFor"/>
    /// gives it, creating <paramref name="perCaller"/> ENIs each at once, on a clock that moves only in steps. Counted at
    /// the emulator, the creates of all callers together never exceed the account's bucket, capacity + refill × t: the
    /// burst first, then, each time the clock moves by one refill interval of the <paramref name="budgets"/> budgets, one
    /// more create per budget. Time moves only once every budget's next waiter is parked on its timer, so the count does
    /// not depend on how busy the machine is.
    /// </summary>
    private static async Task AssertConcurrentCreatesStayWithinAsync(
        int callers, int perCaller, TokenBucketOptions account, int budgets, Func<Ec2GatewayOptions, TimeProvider, Ec2RequestBudget> budgetFor)
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions, cancellationToken: Ct);
        using var seeding = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(seeding);
        var options = Ec2TestClients.FastRetries();
        options.Budget.CreateNetworkInterface = account;
        var clock = new StepClock();
        var clients = Enumerable.Range(0, callers).Select(_ => Ec2TestClients.Client(emulator.Url)).ToList();
        var total = callers * perCaller;
        emulator.Calls.Clear();

        var creates = Task.WhenAll(clients.SelectMany((client, caller) =>
        {
            var gateway = Ec2TestClients.Gateway(client, options, budgetFor(options, clock));
            return Enumerable.Range(0, perCaller).Select(index => gateway.CreateNetworkInterfaceAsync(world.Eni(world.SubnetA, $"caller-{caller}-{index}"), Ct));
        }));

        var interval = TimeSpan.FromSeconds(budgets / account.RefillPerSecond);
        double allowed = account.Capacity;
        for (var elapsed = TimeSpan.Zero; ; elapsed += interval)
        {
            var expected = Math.Min(total, (int)allowed);
            var reached = 0;
            await Poll.UntilAsync(
                () =>
                {
                    reached = emulator.Calls.Count("CreateNetworkInterface");
                    return reached > allowed || (reached == expected && (expected == total || clock.PendingTimers == Math.Min(budgets, total - expected)));
                },
                TimeSpan.FromSeconds(20),
                $"{expected} creates at {elapsed.TotalSeconds:0.0} s with the next waiters parked");
            Assert.True(
                reached <= allowed,
                $"{reached} creates reached EC2 within {elapsed.TotalSeconds:0.0} s; the budget allows {account.Capacity} + {account.RefillPerSecond}/s.");
            if (expected == total)
            {
                break;
            }

            clock.Advance(interval + TimeSpan.FromTicks(1));
            allowed += account.RefillPerSecond * interval.TotalSeconds;
        }

        await creates;
        clients.ForEach(client => client.Dispose());
    }
}
