using System.Net;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// Pod addresses on a ready ENI: grown and given back by <see cref="AddressTarget"/> as the node's agent reports its
/// IPAM's use. Each EC2 call is a lifecycle step like the others: its intent (<see cref="AddressChange"/>) is written
/// first, and a retry after a crash describes the ENI and adopts what the lost call did.
/// </summary>
public sealed partial class AttachmentGrain
{
    /// <summary>Pod-address use per ENI, as the node's agent last reported it; null until read in this activation.</summary>
    private Dictionary<string, AddressUsage>? _usage;

    /// <summary>ENIs whose address change was decided in this activation, so it is certainly not sent yet.</summary>
    private readonly HashSet<string> _unsentChanges = new(StringComparer.Ordinal);

    public Task AddressesUsed(IReadOnlyDictionary<string, AddressUsage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        _usage = new Dictionary<string, AddressUsage>(usage, StringComparer.Ordinal);
        return WakeAsync();
    }

    /// <summary>Whether the slot's addresses need a step: a change in flight, use not read yet, or the warm-pool rule asks for one.</summary>
    private bool HasAddressWork(EniSlot slot) =>
        slot.IsSettled
        && state.State.Plan?.Addresses is { } policy
        && (slot.AddressChange is not null || _usage is null || AddressTarget.Decide(policy, slot.Addresses, UsageOf(slot)).Action != AddressAction.None);

    private AddressUsage? UsageOf(EniSlot slot) => slot.EniId is { } eni ? _usage?.GetValueOrDefault(eni) : null;

    private async Task<Step> AdjustAddressesAsync(EniSlot slot, AddressPolicy policy, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        if (slot.AddressChange is { } change)
        {
            return change.Returning is { } range
                ? await ReturnAsync(slot, range, ec2, cancellationToken)
                : await AssignAsync(slot, change, ec2, cancellationToken);
        }

        _usage ??= UsageFrom(await Node.GetReport());
        var decision = AddressTarget.Decide(policy, slot.Addresses, UsageOf(slot));
        switch (decision.Action)
        {
            case AddressAction.Drain:
                return Step.Go(slot with { Addresses = slot.Addresses with { Draining = [.. slot.Addresses.Draining, decision.Range!] } });
            case AddressAction.Undrain:
                return Step.Go(slot with { Addresses = slot.Addresses with { Draining = [.. slot.Addresses.Draining.Where(d => d != decision.Range)] } });
            case AddressAction.Return:
                _unsentChanges.Add(slot.EniId!);
                return Step.Go(slot with { AddressChange = new AddressChange(slot.Addresses.Ipv4Slots - 1, slot.Addresses.Ipv6Prefixes.Count, decision.Range, clock.GetUtcNow()) });
            case AddressAction.Assign:
                if (await ec2.GetInstanceTypeLimitsAsync(plan.InstanceType ?? string.Empty, cancellationToken) is { } limits
                    && 1 + decision.Ipv4Units > limits.Ipv4AddressesPerInterface)
                {
                    var units = limits.Ipv4AddressesPerInterface - 1;
                    if (units <= slot.Addresses.Ipv4Slots)
                    {
                        return Step.Stuck(slot, "AddressLimitReached", $"ENI {slot.EniId} on node {NodeName} ({plan.InstanceType}) holds {slot.Addresses.Ipv4Slots} of the {units} address slots its type allows beside the primary IP; the warm or minimum IP target cannot be met.");
                    }

                    decision = decision with { Ipv4Units = units };
                }

                _unsentChanges.Add(slot.EniId!);
                return Step.Go(slot with { AddressChange = new AddressChange(decision.Ipv4Units, decision.Ipv6Prefixes, null, clock.GetUtcNow()) });
            default:
                return Step.Stay(slot);
        }
    }

    /// <summary>
    /// Assigns what the ENI lacks of the change's totals. A change read back from storage may have been sent before a
    /// crash: the ENI is described first, and what it holds is adopted; the shortfall is assigned only once describes
    /// have had the grace period to show the lost call's work.
    /// </summary>
    private async Task<Step> AssignAsync(EniSlot slot, AddressChange change, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        var held = slot.Addresses;
        if (!_unsentChanges.Remove(slot.EniId!))
        {
            var eni = await ec2.DescribeNetworkInterfaceAsync(slot.EniId!, cancellationToken);
            if (eni is null)
            {
                return Step.Stay(slot);
            }

            held = SlotAddresses.From(eni.Addresses) with { Draining = slot.Addresses.Draining };
            var shortfall = held.Ipv4Slots < change.Ipv4Units || held.Ipv6Prefixes.Count < change.Ipv6Prefixes;
            if (shortfall && clock.GetUtcNow() - change.Since < settings.Value.ConsistencyGracePeriod)
            {
                return Step.Stay(slot);
            }
        }

        var policy = state.State.Plan!.Addresses!;
        var lacking = Math.Max(0, change.Ipv4Units - held.Ipv4Slots);
        var counts = new AddressCounts(policy.UsesPrefixes ? lacking : 0, policy.UsesPrefixes ? 0 : lacking, Math.Max(0, change.Ipv6Prefixes - held.Ipv6Prefixes.Count));
        if (!counts.IsNone)
        {
            held = held.With(await ec2.AssignAddressesAsync(slot.EniId!, counts, cancellationToken));
        }

        return Step.Go(slot with { Addresses = held, AddressChange = null });
    }

    /// <summary>Gives one drained range back; EC2 saying it is not assigned (a repeat after a crash) is the same answer.</summary>
    private static async Task<Step> ReturnAsync(EniSlot slot, string range, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        await ec2.UnassignAddressesAsync(slot.EniId!, SlotAddresses.Unassigning(range), cancellationToken);
        return Step.Go(slot with { Addresses = slot.Addresses.Without(range), AddressChange = null });
    }

    /// <summary>The IPv4 address counts a new ENI is created with.</summary>
    private static AddressCounts? InitialAddresses(AttachmentPlan plan) => plan.Addresses is not { } policy
        ? null
        : new AddressCounts(policy.UsesPrefixes ? policy.InitialUnits : 0, policy.UsesPrefixes ? 0 : policy.InitialUnits, policy.Ipv6Prefixes);

    /// <summary>Why the node's instance cannot carry the addresses the plan asks for, or null when it can.</summary>
    private static string? AddressMisfit(AttachmentPlan plan, EniSlot slot, Ec2InstanceTypeLimits limits, out string reason)
    {
        reason = "AddressLimitReached";
        if (plan.Addresses is not { } policy)
        {
            return null;
        }

        if (policy.UsesPrefixes && !limits.SupportsPrefixes)
        {
            reason = "PrefixDelegationUnsupported";
            return $"Instance type {plan.InstanceType} is not built on Nitro and takes no IPv4 prefixes; use secondaryIPv4Count for its nodes.";
        }

        if (1 + policy.InitialUnits > limits.Ipv4AddressesPerInterface)
        {
            return $"Instance type {plan.InstanceType} takes {limits.Ipv4AddressesPerInterface} IPv4 addresses per interface, the primary included; {policy.InitialUnits} {(policy.UsesPrefixes ? "prefixes" : "secondary IPs")} do not fit.";
        }

        if (policy.Ipv6Prefixes > 0 && plan.Slots.FirstOrDefault(s => s.SubnetId == slot.SubnetId)?.SubnetIpv6Cidr is null)
        {
            reason = "SubnetHasNoIpv6";
            return $"Subnet {slot.SubnetId} has no IPv6 CIDR block, so its ENIs take no IPv6 prefixes.";
        }

        if (policy.Ipv6Prefixes > 0 && (!limits.Ipv6Supported || policy.Ipv6Prefixes > limits.Ipv6AddressesPerInterface))
        {
            reason = "Ipv6Unsupported";
            return $"Instance type {plan.InstanceType} takes {(limits.Ipv6Supported ? limits.Ipv6AddressesPerInterface.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no")} IPv6 addresses per interface; {policy.Ipv6Prefixes} IPv6 prefixes do not fit.";
        }

        return null;
    }

    /// <summary>The slot's addresses as the node's IPAM gets them, or null when the NodeENI asks for none.</summary>
    private static InterfaceAddressing? Addressing(EniSlot slot, AttachmentPlan plan)
    {
        if (plan.Addresses is null || slot.SubnetCidr is null)
        {
            return null;
        }

        var held = slot.Addresses;
        return new InterfaceAddressing(
            slot.SubnetCidr,
            Gateway(slot.SubnetCidr),
            [.. held.Ipv4Ranges.Select(r => new AddressRange(r, held.Draining.Contains(r)))],
            plan.Slots.FirstOrDefault(s => s.SubnetId == slot.SubnetId)?.SubnetIpv6Cidr,
            held.Ipv6Prefixes.Count == 0 ? null : [.. held.Ipv6Prefixes.Select(p => new AddressRange(p))]);
    }

    /// <summary>The VPC router: the subnet's first address after the network address.</summary>
    private static string Gateway(string subnetCidr)
    {
        var network = IPNetwork.Parse(subnetCidr).BaseAddress;
        var bytes = network.GetAddressBytes();
        bytes[^1]++;
        return new IPAddress(bytes).ToString();
    }

    private static Dictionary<string, AddressUsage> UsageFrom(NodeInterfaceReport? report) =>
        (report?.Interfaces ?? [])
            .Where(i => i.Addresses is not null)
            .ToDictionary(i => i.EniId, i => i.Addresses!, StringComparer.Ordinal);
}
