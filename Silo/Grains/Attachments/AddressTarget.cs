using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// The warm-pool rule for one ENI, after the VPC CNI's WARM_IP_TARGET and MINIMUM_IP_TARGET: hold at least the spec's
/// base, the minimum, and the addresses in use plus the warm target, in whole units (a /28 prefix or an IP). Grow when
/// short; give back one unit only when the free addresses exceed the warm target by a unit and a half (the
/// hysteresis: a pod coming and going at the boundary does not assign and return a prefix each time), and only a
/// range the node reports empty, drained first so that no pod gets an address from it on the way out.
/// </summary>
internal static class AddressTarget
{
    public static AddressDecision Decide(AddressPolicy policy, SlotAddresses held, AddressUsage? usage)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(held);
        var active = held.Ipv4Ranges.Where(r => !held.Draining.Contains(r)).ToList();
        var inUse = active.Sum(r => InUse(usage, r) ?? 0);
        var free = (active.Count * policy.UnitSize) - inUse;
        var wanted = Math.Max(policy.BaseUnits, policy.CeilingUnits(Math.Max(policy.MinimumIps, inUse + policy.WarmIps)));
        if (active.Count < wanted)
        {
            return held.Draining.Count > 0
                ? new AddressDecision(AddressAction.Undrain, Range: held.Draining[0])
                : new AddressDecision(AddressAction.Assign, held.Ipv4Slots + wanted - active.Count, Math.Max(policy.Ipv6Prefixes, held.Ipv6Prefixes.Count));
        }

        if (held.Ipv6Prefixes.Count < policy.Ipv6Prefixes)
        {
            return new AddressDecision(AddressAction.Assign, held.Ipv4Slots, policy.Ipv6Prefixes);
        }

        // Only the node's word frees a draining range: no report (yet) is no evidence that nothing uses it.
        if (usage is not null && held.Draining.FirstOrDefault(d => Drained(usage, d)) is { } drained)
        {
            return new AddressDecision(AddressAction.Return, Range: drained);
        }

        var hysteresis = Math.Max(1, policy.UnitSize / 2);
        if (policy.Dynamic && active.Count > wanted && free - policy.UnitSize >= policy.WarmIps + hysteresis
            && active.LastOrDefault(r => InUse(usage, r) == 0) is { } idle)
        {
            return new AddressDecision(AddressAction.Drain, Range: idle);
        }

        return AddressDecision.None;
    }

    /// <summary>Addresses in use in a range, or null when the node has not reported the range.</summary>
    private static int? InUse(AddressUsage? usage, string range) => usage?.Ranges.FirstOrDefault(r => r.Cidr == range)?.InUse;

    /// <summary>
    /// The node allocates from the range no more and holds nothing in it: it wrote the range as draining and reports it
    /// empty, or dropped it (the agent drops only a range with no allocation).
    /// </summary>
    private static bool Drained(AddressUsage usage, string range) =>
        usage.Ranges.FirstOrDefault(r => r.Cidr == range) is not { } seen || (seen.Draining && seen.InUse == 0);
}
