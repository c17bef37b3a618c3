using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Silo.Grains.Attachments;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The warm-pool rule on one ENI: grow in whole prefixes (or IPs) to keep the warm target free, never below the base
/// or the minimum; give back only an empty range, drained first, and only past the hysteresis.
/// </summary>
public sealed class AddressTargetTests
{
    private static readonly AddressPolicy Prefixes = new(Ipv4Prefixes: 1, SecondaryIpv4Addresses: 0, Ipv6Prefixes: 0, WarmIps: 5, MinimumIps: 0);

    [Fact]
    public void A_new_eni_gets_enough_units_for_the_warm_and_minimum_targets_with_no_pod()
    {
        Assert.Equal(1, Prefixes.InitialUnits);
        Assert.Equal(2, (Prefixes with { MinimumIps = 20 }).InitialUnits);
        Assert.Equal(7, new AddressPolicy(0, 3, 0, WarmIps: 7, MinimumIps: 0).InitialUnits);
        Assert.Equal(3, new AddressPolicy(0, 3, 0, 0, 0).InitialUnits);
    }

    [Fact]
    public void Use_that_eats_into_the_warm_target_assigns_one_more_prefix()
    {
        var held = Held("10.0.1.16/28");
        Assert.Equal(AddressAction.None, AddressTarget.Decide(Prefixes, held, Usage(("10.0.1.16/28", 11, false))).Action);

        var grow = AddressTarget.Decide(Prefixes, held, Usage(("10.0.1.16/28", 12, false)));
        Assert.Equal((AddressAction.Assign, 2), (grow.Action, grow.Ipv4Units));
    }

    [Fact]
    public void A_prefix_is_given_back_only_past_the_hysteresis_and_only_when_empty_and_drained()
    {
        var held = Held("10.0.1.16/28", "10.0.1.32/28");

        // 4 in use: 28 free; giving one back leaves 12, which is above the warm target but within the hysteresis (5 + 8).
        Assert.Equal(AddressAction.None, AddressTarget.Decide(Prefixes, held, Usage(("10.0.1.16/28", 4, false), ("10.0.1.32/28", 0, false))).Action);

        // 3 in use: 29 free, 13 left after one goes: the empty prefix is drained first.
        var drain = AddressTarget.Decide(Prefixes, held, Usage(("10.0.1.16/28", 3, false), ("10.0.1.32/28", 0, false)));
        Assert.Equal((AddressAction.Drain, "10.0.1.32/28"), (drain.Action, drain.Range));

        // The prefix holding the addresses stays; the empty one goes, whichever came first.
        var other = AddressTarget.Decide(Prefixes, held, Usage(("10.0.1.16/28", 0, false), ("10.0.1.32/28", 3, false)));
        Assert.Equal((AddressAction.Drain, "10.0.1.16/28"), (other.Action, other.Range));

        var draining = held with { Draining = ["10.0.1.32/28"] };

        // The node has not written it as draining yet: wait.
        Assert.Equal(AddressAction.None, AddressTarget.Decide(Prefixes, draining, Usage(("10.0.1.16/28", 3, false), ("10.0.1.32/28", 0, false))).Action);

        // Written as draining and empty: back to EC2.
        var back = AddressTarget.Decide(Prefixes, draining, Usage(("10.0.1.16/28", 3, false), ("10.0.1.32/28", 0, true)));
        Assert.Equal((AddressAction.Return, "10.0.1.32/28"), (back.Action, back.Range));
    }

    [Fact]
    public void A_range_with_an_allocation_is_never_given_back()
    {
        var draining = Held("10.0.1.16/28", "10.0.1.32/28") with { Draining = ["10.0.1.32/28"] };
        Assert.Equal(AddressAction.None, AddressTarget.Decide(Prefixes, draining, Usage(("10.0.1.16/28", 0, false), ("10.0.1.32/28", 1, true))).Action);

        var busy = Held("10.0.1.16/28", "10.0.1.32/28");
        var decision = AddressTarget.Decide(Prefixes, busy, Usage(("10.0.1.16/28", 1, false), ("10.0.1.32/28", 1, false)));
        Assert.Equal(AddressAction.None, decision.Action);
    }

    [Fact]
    public void Use_that_grows_back_while_a_range_drains_takes_the_range_back_without_an_ec2_call()
    {
        var draining = Held("10.0.1.16/28", "10.0.1.32/28") with { Draining = ["10.0.1.32/28"] };
        var decision = AddressTarget.Decide(Prefixes, draining, Usage(("10.0.1.16/28", 12, false), ("10.0.1.32/28", 0, true)));
        Assert.Equal((AddressAction.Undrain, "10.0.1.32/28"), (decision.Action, decision.Range));
    }

    [Fact]
    public void The_spec_base_is_kept_however_idle_and_without_a_report_nothing_is_given_back()
    {
        var fixedBase = Prefixes with { Ipv4Prefixes = 2, WarmIps = 0 };
        Assert.Equal(AddressAction.None, AddressTarget.Decide(fixedBase, Held("10.0.1.16/28", "10.0.1.32/28"), Usage(("10.0.1.16/28", 0, false), ("10.0.1.32/28", 0, false))).Action);
        Assert.Equal(AddressAction.None, AddressTarget.Decide(Prefixes, Held("10.0.1.16/28", "10.0.1.32/28", "10.0.1.48/28"), usage: null).Action);
    }

    [Fact]
    public void Single_ips_grow_one_at_a_time_and_ipv6_prefixes_are_topped_up()
    {
        var ips = new AddressPolicy(0, 2, 0, WarmIps: 2, MinimumIps: 0);
        var held = new SlotAddresses { SecondaryIpv4 = ["10.0.1.7", "10.0.1.8"] };
        var grow = AddressTarget.Decide(ips, held, Usage(("10.0.1.7/32", 1, false), ("10.0.1.8/32", 0, false)));
        Assert.Equal((AddressAction.Assign, 3), (grow.Action, grow.Ipv4Units));

        var v6 = AddressTarget.Decide(Prefixes with { WarmIps = 0, Ipv6Prefixes = 1 }, Held("10.0.1.16/28"), null);
        Assert.Equal((AddressAction.Assign, 1, 1), (v6.Action, v6.Ipv4Units, v6.Ipv6Prefixes));
    }

    private static SlotAddresses Held(params string[] prefixes) => new() { Ipv4Prefixes = [.. prefixes] };

    private static AddressUsage Usage(params (string Cidr, int InUse, bool Draining)[] ranges) =>
        new([.. ranges.Select(r => new RangeUsage(r.Cidr, r.InUse, r.Draining))]);
}
