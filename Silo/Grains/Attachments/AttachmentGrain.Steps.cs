using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>One step of an ENI's lifecycle per phase: at most one EC2 side effect, the caller writes the result.</summary>
public sealed partial class AttachmentGrain
{
    private const string IdempotentParameterMismatch = "IdempotentParameterMismatch";
    private const string UnknownNetworkInterface = "InvalidNetworkInterfaceID.NotFound";

    private async Task<Step> ConvergeStepAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken) => slot.Phase switch
    {
        EniPhase.Pending => await PrepareAsync(slot, plan, ec2, cancellationToken),
        EniPhase.Creating => await CreateOrRecoverAsync(slot, plan, ec2, cancellationToken),
        EniPhase.Created => Step.Go(slot with { Phase = EniPhase.Attaching }),
        EniPhase.Attaching when slot.AttachmentId is null => await AttachAsync(slot, plan, ec2, cancellationToken),
        EniPhase.Attaching => await AwaitAttachedAsync(slot, ec2, cancellationToken),
        EniPhase.Attached => await SetDeleteOnTerminationAsync(slot, plan, ec2, cancellationToken),
        EniPhase.Ready when slot.Reconfigure => await ReconfigureAsync(slot, plan, ec2, cancellationToken),
        EniPhase.Ready when plan.Addresses is { } policy && HasAddressWork(slot) => await AdjustAddressesAsync(slot, policy, plan, ec2, cancellationToken),
        _ => Step.Stay(slot),
    };

    private async Task<Step> ReleaseStepAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        switch (slot.Phase)
        {
            case EniPhase.Pending:
                // A wanted slot of this attachment may hold the same index already (a new subnet or instance at it).
                if (!state.State.Slots.Any(s => !s.Releasing && s.DeviceIndex == slot.DeviceIndex))
                {
                    await Node.Unclaim(slot.DeviceIndex, Key);
                }

                return Step.Stay(slot);
            case EniPhase.Creating:
                return Step.Go(await LearnCreatedAsync(slot, plan, ec2, cancellationToken));
            case EniPhase.Created:
                return Step.Go(slot with { Phase = EniPhase.Deleting });
            case EniPhase.Leaving:
                return await LeaveNodeAsync(slot, plan);
            case EniPhase.Detaching:
                return await DetachAsync(slot, ec2, cancellationToken);
            case EniPhase.Deleting:
                return await DeleteAsync(slot, ec2, cancellationToken);
            default:
                // A terminated instance took its node, and the agent, with it: nothing there to wait for.
                return Step.Go(slot with { Phase = plan.Interface.NeedsTeardown && state.State.GoneInstanceId != plan.InstanceId ? EniPhase.Leaving : EniPhase.Detaching });
        }
    }

    /// <summary>
    /// An ENI the agent renamed or bound to a userspace driver leaves the node before it leaves the instance: a
    /// detach under a DPDK application or a named interface in use is a hot-unplug the node did not expect. It is
    /// taken out of the desired set, and detached once the agent's report no longer lists it. An agent that never
    /// reported it has nothing to undo; one that stays silent (its node gone, say) is waited for only until the deadline.
    /// </summary>
    private async Task<Step> LeaveNodeAsync(EniSlot slot, AttachmentPlan plan)
    {
        await PublishAsync();
        var report = await Node.GetReport();
        if (report?.Interfaces.Any(i => i.EniId == slot.EniId) != true)
        {
            return Step.Go(slot with { Phase = EniPhase.Detaching });
        }

        var timeout = settings.Value.AgentTeardownTimeout;
        if (clock.GetUtcNow() - slot.Updated < timeout)
        {
            return Step.Stay(slot);
        }

        AttachmentLog.TeardownTimedOut(logger, Key, slot.EniId, timeout);
        Record(slot, slot, $"The node's agent did not report {plan.Interface.InterfaceName ?? slot.EniId} torn down within {timeout}; detaching it anyway.");
        return Step.Go(slot with { Phase = EniPhase.Detaching });
    }

    private async Task<Step> PrepareAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        if (await Node.Claim(slot.DeviceIndex, Key) is { } holder)
        {
            return Step.Stuck(slot, "DeviceIndexConflict", $"Device index {slot.DeviceIndex} on node {NodeName} is already used by {holder}.");
        }

        if (await FindTaggedAsync(slot, plan, ec2, cancellationToken) is { } adopted)
        {
            AttachmentLog.Adopted(logger, Key, adopted.SubnetId, adopted.EniId!, adopted.Phase);
            return Step.Go(adopted);
        }

        var instance = await ec2.DescribeInstanceAsync(plan.InstanceId, cancellationToken);
        switch (Judge(instance))
        {
            case InstanceSeen.Gone:
                return Step.Gone(slot);
            case InstanceSeen.NotYet:
                return Step.Stay(slot);
        }

        if (instance!.NetworkInterfaces.FirstOrDefault(i => i.DeviceIndex == slot.DeviceIndex) is { } taken)
        {
            return IsOwnLeaving(taken.NetworkInterfaceId)
                ? Step.Stay(slot)
                : Step.Stuck(slot, "DeviceIndexConflict", $"Device index {slot.DeviceIndex} on node {NodeName} is taken by {taken.NetworkInterfaceId}, which this NodeENI does not own.");
        }

        if (await ec2.GetMaxNetworkInterfacesAsync(instance.InstanceType, cancellationToken) is { } max
            && (slot.DeviceIndex >= max || instance.NetworkInterfaces.Count >= max))
        {
            return Step.Stuck(slot, "InsufficientEniCapacity", $"Node {NodeName} ({instance.InstanceType}) takes {max} network interfaces and has {instance.NetworkInterfaces.Count}; device index {slot.DeviceIndex} does not fit.");
        }

        if (plan.Addresses is not null
            && await ec2.GetInstanceTypeLimitsAsync(instance.InstanceType, cancellationToken) is { } limits
            && AddressMisfit(plan, slot, limits, out var reason) is { } misfit)
        {
            return Step.Stuck(slot, reason, $"Node {NodeName}: {misfit}");
        }

        return Step.Go(slot with { Phase = EniPhase.Creating, Intent = NewIntent() });
    }

    /// <summary>
    /// Whether the ENI at the slot's device index is this attachment's own on its way out (a subnet swap, a label flap):
    /// a slot of ours still releasing it, or one we deleted within the grace period that describes still show. Its
    /// index is free soon: the slot waits for it instead of reporting a conflict.
    /// </summary>
    private bool IsOwnLeaving(string eniId) =>
        state.State.Slots.Any(s => s.Releasing && s.EniId == eniId)
        || (_deleted.TryGetValue(eniId, out var at) && clock.GetUtcNow() - at < settings.Value.ConsistencyGracePeriod);

    /// <summary>
    /// An ENI already tagged for this attachment and subnet that no other slot holds: a lost state loses the create
    /// intent with it, so the tag, not the ClientToken, is what prevents a second ENI.
    /// </summary>
    private async Task<EniSlot?> FindTaggedAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        // Held by a slot, or deleted by this attachment moments ago (describes may still show it): not to be adopted.
        var held = state.State.Slots.Select(s => s.EniId).OfType<string>().Concat(_deleted.Keys).ToHashSet(StringComparer.Ordinal);
        var tagged = await ec2.DescribeAttachmentNetworkInterfacesAsync(Key, cancellationToken);
        return tagged
            .Where(eni => !held.Contains(eni.NetworkInterfaceId))
            .OrderBy(eni => eni.Attachment is null)
            .Select(eni => EniAdoption.Adopt(slot, eni, plan.InstanceId))
            .FirstOrDefault(adopted => adopted is not null);
    }

    /// <summary>
    /// Releasing a slot whose create may or may not have happened: the same ClientToken answers with the ENI if it
    /// did. When EC2 refuses the create outright (no permission, a request it rejects), that refusal made nothing,
    /// so only an earlier attempt can have left an ENI, and its tags find it; none found means there is none to delete.
    /// </summary>
    private async Task<EniSlot> LearnCreatedAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateAsync(slot, plan, ec2, cancellationToken);
        }
        catch (Ec2RequestException ex) when (ex.Kind is Ec2ErrorKind.Unauthorized or Ec2ErrorKind.InvalidRequest or Ec2ErrorKind.LimitExceeded)
        {
            return await FindTaggedAsync(slot, plan, ec2, cancellationToken) ?? Lost(slot);
        }
    }

    /// <summary>
    /// Creates the slot's ENI. When the plan changed while a create was in flight (its answer lost, its silo killed),
    /// EC2 refuses the same ClientToken with new parameters (IdempotentParameterMismatch): the earlier create may have
    /// made an ENI, which its tags find (and the changed settings are then applied in place); if none shows once
    /// describes have had time to catch up, the slot takes a new intent, and so a new token.
    /// </summary>
    private async Task<Step> CreateOrRecoverAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        try
        {
            return Step.Go(await CreateAsync(slot, plan, ec2, cancellationToken));
        }
        catch (Ec2RequestException ex) when (ex.ErrorCode == IdempotentParameterMismatch)
        {
            if (await FindTaggedAsync(slot, plan, ec2, cancellationToken) is { } adopted)
            {
                AttachmentLog.Adopted(logger, Key, adopted.SubnetId, adopted.EniId!, adopted.Phase);
                return Step.Go(adopted with { Reconfigure = true });
            }

            if (IsRecent(slot))
            {
                return Step.Stay(slot);
            }

            return Step.Go(slot with { Intent = NewIntent() });
        }
    }

    private async Task<EniSlot> CreateAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        var tags = EniTags.For(Key, slot.SubnetId, slot.DeviceIndex);
        var request = new CreateEniRequest(slot.SubnetId, plan.SecurityGroupIds, plan.Description, EniClientToken.For(Key, slot.Ordinal, slot.Intent), tags, InitialAddresses(plan));
        var eni = await ec2.CreateNetworkInterfaceAsync(request, cancellationToken);
        return slot with { Phase = EniPhase.Created, EniId = eni.NetworkInterfaceId, MacAddress = eni.MacAddress, Addresses = SlotAddresses.From(eni.Addresses) };
    }

    /// <summary>
    /// Attaches the ENI the create answered with, without describing it first: the create's answer is the truth, and
    /// describes lag behind it. EC2 refuses an ENI attached already (a crash after the attach was sent): a describe
    /// then says whether it is attached to this instance, or has not caught up yet.
    /// </summary>
    private async Task<Step> AttachAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        try
        {
            var attachmentId = await ec2.AttachNetworkInterfaceAsync(slot.EniId!, plan.InstanceId, slot.DeviceIndex, cancellationToken);
            return Step.WaitAfter(slot with { AttachmentId = attachmentId });
        }
        catch (Ec2RequestException ex) when (ex.Kind == Ec2ErrorKind.Busy)
        {
            var eni = await ec2.DescribeNetworkInterfaceAsync(slot.EniId!, cancellationToken);
            if (eni?.Attachment is { } existing && existing.InstanceId == plan.InstanceId)
            {
                return Step.Go(slot with { AttachmentId = existing.AttachmentId });
            }

            if (eni is null || IsRecent(slot))
            {
                return Step.Stay(slot);
            }

            throw;
        }
        catch (Ec2RequestException ex) when (ex.ErrorCode == UnknownNetworkInterface)
        {
            // Not known to EC2 yet (a create moments ago) or any more (deleted): wait, then start over with a new ENI.
            return IsRecent(slot) ? Step.Stay(slot) : Step.Go(Lost(slot));
        }
        catch (Ec2RequestException)
        {
            // An instance terminated under a DeleteOnTermination=false ENI shows first as that ENI detached; EC2 refuses the re-attach.
            if (Judge(await ec2.DescribeInstanceAsync(plan.InstanceId, cancellationToken)) == InstanceSeen.Gone)
            {
                return Step.Gone(slot);
            }

            throw;
        }
    }

    private async Task<Step> AwaitAttachedAsync(EniSlot slot, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        var eni = await ec2.DescribeNetworkInterfaceAsync(slot.EniId!, cancellationToken);
        return eni switch
        {
            { Attachment.Status: "attached" } => Step.Go(slot with { Phase = EniPhase.Attached }),
            _ when IsRecent(slot) => Step.Stay(slot),
            null => Step.Go(Lost(slot)),
            { Attachment: null } => Step.Go(slot with { AttachmentId = null }),
            _ => Step.Stay(slot),
        };
    }

    private static async Task<Step> SetDeleteOnTerminationAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        await ec2.SetDeleteOnTerminationAsync(slot.EniId!, slot.AttachmentId!, plan.DeleteOnTermination, cancellationToken);
        return Step.Go(slot with { Phase = EniPhase.Ready });
    }

    /// <summary>Brings an ENI's security groups, description and DeleteOnTermination to the plan's, modifying only what differs.</summary>
    private async Task<Step> ReconfigureAsync(EniSlot slot, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        var eni = await ec2.DescribeNetworkInterfaceAsync(slot.EniId!, cancellationToken);
        if (eni is null)
        {
            return IsRecent(slot) ? Step.Stay(slot) : Step.Go(Lost(slot));
        }

        if (!plan.HasSecurityGroups(eni.SecurityGroupIds))
        {
            await ec2.SetSecurityGroupsAsync(eni.NetworkInterfaceId, plan.SecurityGroupIds, cancellationToken);
        }

        if (!plan.HasDescription(eni.Description))
        {
            await ec2.SetDescriptionAsync(eni.NetworkInterfaceId, plan.Description ?? string.Empty, cancellationToken);
        }

        if (eni.Attachment is { } attachment && attachment.DeleteOnTermination != plan.DeleteOnTermination)
        {
            await ec2.SetDeleteOnTerminationAsync(eni.NetworkInterfaceId, attachment.AttachmentId, plan.DeleteOnTermination, cancellationToken);
        }

        return Step.Go(slot with { Reconfigure = false });
    }

    private async Task<Step> DetachAsync(EniSlot slot, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        var eni = await ec2.DescribeNetworkInterfaceAsync(slot.EniId!, cancellationToken);
        if (eni is null)
        {
            // A release right after the create: describes may not know the ENI yet, and forgetting it would leak it.
            return IsRecent(slot) ? Step.Stay(slot) : Step.Go(Lost(slot));
        }

        if (eni.Status == "available" || eni.Attachment is null)
        {
            return Step.Go(slot with { Phase = EniPhase.Deleting });
        }

        if (eni.Attachment.Status is "attaching" or "attached")
        {
            await ec2.DetachNetworkInterfaceAsync(eni.Attachment.AttachmentId, force: false, cancellationToken);
        }

        return Step.Stay(slot);
    }

    private async Task<Step> DeleteAsync(EniSlot slot, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        try
        {
            await ec2.DeleteNetworkInterfaceAsync(slot.EniId!, cancellationToken);
            _deleted[slot.EniId!] = clock.GetUtcNow();
            return Step.Go(Lost(slot));
        }
        catch (Ec2RequestException ex) when (ex.Kind == Ec2ErrorKind.Busy)
        {
            // EC2 answers InUse for a while after a detach completes, and for an ENI attached again behind our back.
            // Only the second needs a detach; either way the next try waits for the next tick, never this turn.
            var eni = await ec2.DescribeNetworkInterfaceAsync(slot.EniId!, cancellationToken);
            return eni?.Attachment is { Status: "attaching" or "attached" } ? Step.WaitAfter(slot with { Phase = EniPhase.Detaching }) : Step.Stay(slot);
        }
    }

    /// <summary>The ENI is gone from EC2: back to the start, where a wanted slot gets a new create intent.</summary>
    private static EniSlot Lost(EniSlot slot) =>
        slot with { Phase = EniPhase.Pending, EniId = null, AttachmentId = null, MacAddress = null, Reconfigure = false, Addresses = SlotAddresses.None, AddressChange = null };

    /// <summary>
    /// A create intent never handed out before: random rather than counted, so that it stays new after the attachment's
    /// row was removed and planned again. Written with the slot before the create, it makes a repeated create idempotent.
    /// </summary>
    private static long NewIntent() => Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>Within the grace period after its last change: a describe that disagrees has not caught up yet.</summary>
    private bool IsRecent(EniSlot slot) => clock.GetUtcNow() - slot.Updated < settings.Value.ConsistencyGracePeriod;

    /// <summary>
    /// Terminated or terminating is gone. Unknown to EC2 is gone too (a terminated instance drops out of describes
    /// after a while), but only once describes kept missing it for the grace period: a new instance is unknown to
    /// describes for a moment after its launch.
    /// </summary>
    private InstanceSeen Judge(Ec2Instance? instance)
    {
        if (instance is not null)
        {
            _instanceMissingSince = null;
            return instance.State is "terminated" or "shutting-down" ? InstanceSeen.Gone : InstanceSeen.Present;
        }

        var now = clock.GetUtcNow();
        _instanceMissingSince ??= now;
        return now - _instanceMissingSince >= settings.Value.ConsistencyGracePeriod ? InstanceSeen.Gone : InstanceSeen.NotYet;
    }

    private enum InstanceSeen
    {
        Present,
        Gone,
        NotYet,
    }

    /// <summary>The outcome of one step: the slot's next state, whether to wait for the next tick, why it cannot go on, or that the instance is gone.</summary>
    private sealed record Step(EniSlot Next, bool Wait, AttachmentProblem? Problem = null, bool InstanceGone = false)
    {
        public static Step Gone(EniSlot slot) => new(slot, true, InstanceGone: true);

        public static Step Go(EniSlot next) => new(next, false);

        public static Step WaitAfter(EniSlot next) => new(next, true);

        public static Step Stay(EniSlot slot) => new(slot, true);

        public static Step Stuck(EniSlot slot, string reason, string message) => new(slot, true, new AttachmentProblem(reason, message));
    }
}
