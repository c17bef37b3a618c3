using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Silo.Grains.Nodes;
using AwsMultiEni.Silo.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// The ENIs of one NodeENI on one node, each a persisted lifecycle (<see cref="EniPhase"/>). Work in
/// flight is driven by a grain timer; after a silo loss the NodeENI ensures every planned node again, which
/// activates the attachment where its last write left it, and a problem keeps a retry reminder. Every EC2
/// side effect is safe to repeat from the last write: the create by its ClientToken, the others by describing first.
/// </summary>
public sealed partial class AttachmentGrain(
    [PersistentState("attachment")] IPersistentState<AttachmentState> state,
    IEc2GatewayFactory ec2Gateways,
    SiloLifetime lifetime,
    IOptions<FleetSettings> settings,
    TimeProvider clock,
    ILogger<AttachmentGrain> logger) : Grain, IAttachmentLifecycle, IRemindable
{
    private const string RetryReminder = "retry";
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);
    private IGrainTimer? _timer;

    /// <summary>Whether the retry reminder may be registered: only a problem registers it, so most attachments never touch the reminder table.</summary>
    private bool _retryRegistered;
    private DateTimeOffset? _instanceMissingSince;

    /// <summary>ENIs this attachment deleted, and when: describes may still show them for a while.</summary>
    private readonly Dictionary<string, DateTimeOffset> _deleted = new(StringComparer.Ordinal);

    private string Key => this.GetPrimaryKeyString();

    private string Cluster => GrainKey.Split(Key, 3)[0];

    private string NodeEniName => GrainKey.Split(Key, 3)[1];

    private string NodeName => GrainKey.Split(Key, 3)[2];

    private bool Holds(AttachmentPlan plan) => state.State.Wanted && plan.Equals(state.State.Plan);

    private bool HasWork => state.State.Problem is null && state.State.Slots.Any(s => !s.IsIdle || HasAddressWork(s));

    private bool InstanceGone => state.State.Wanted && state.State.GoneInstanceId is { } gone && gone == state.State.Plan?.InstanceId;

    private bool Releasing => !state.State.Wanted && state.State.Slots.All(s => s.Releasing);

    private IAttachmentLifecycle Self => this.AsReference<IAttachmentLifecycle>();

    private INodeDevices Node => GrainFactory.GetGrain<INodeDevices>(GrainKey.Join(Cluster, NodeName));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Problem is not null)
        {
            await this.RegisterOrUpdateReminder(RetryReminder, RetryPeriod, RetryPeriod);
            _retryRegistered = true;
        }

        await WakeAsync();
    }

    public Task<bool> Ensure(AttachmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Holds(plan) ? Task.FromResult(false) : Self.TakePlan(plan);
    }

    public Task<bool> Release() => Releasing ? Task.FromResult(false) : Self.TakeRelease();

    public async Task<bool> TakePlan(AttachmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (Holds(plan))
        {
            return false;
        }

        // Existing ENIs are modified in place, not replaced: an ENI in service keeps its ID, MAC and addresses.
        var modify = plan.ChangesEniSettingsFrom(state.State.Plan);

        // Lists as List<T>, whatever the caller or the wire made of them: JSON storage serializers record the runtime type.
        state.State.Plan = plan with { Slots = plan.Slots.ToList(), SecurityGroupIds = plan.SecurityGroupIds.ToList() };
        state.State.Wanted = true;
        state.State.Problem = null;
        var holdsEnis = state.State.Slots.Any(s => s.Phase != EniPhase.Pending);
        state.State.Slots = [.. MergeSlots(state.State.Slots, plan).Select(s => modify && s.Phase != EniPhase.Pending && !s.Releasing ? s with { Reconfigure = true } : s)];

        // A new attachment has nothing to remember yet: the NodeENI plans it again after a crash, and its first
        // durable fact is the create intent. One that holds ENIs writes what the new plan makes of them.
        if (holdsEnis)
        {
            await state.WriteStateAsync();
        }

        // MTU, interface name and DPDK settings are the agent's business, not EC2's: republishing is all they take.
        await PublishAsync();
        await WakeAsync();
        return true;
    }

    public async Task<bool> TakeRelease()
    {
        if (Releasing)
        {
            return false;
        }

        state.State.Wanted = false;
        state.State.Problem = null;
        var holdsEnis = state.State.Slots.Any(s => s.Phase != EniPhase.Pending);
        state.State.Slots = [.. state.State.Slots.Select(s => s with { Releasing = true })];
        if (holdsEnis)
        {
            await state.WriteStateAsync();
        }

        await WakeAsync();
        return true;
    }

    public async Task<AttachmentView> GetView()
    {
        var plan = state.State.Wanted ? state.State.Plan : null;
        var report = plan is null ? null : await Node.GetReport();
        var attachments = state.State.Slots
            .Where(s => s.EniId is not null && !s.Releasing)
            .Select(s => NodeObservation.Apply(
                new EniAttachmentStatus
                {
                    NodeId = NodeName,
                    InstanceId = plan?.InstanceId,
                    EniId = s.EniId,
                    AttachmentId = s.AttachmentId,
                    SubnetId = s.SubnetId,
                    SubnetCidr = s.SubnetCidr,
                    DeviceIndex = s.DeviceIndex,
                    Status = StatusText(s.Phase),
                    LastUpdated = s.Updated,
                    Mtu = plan?.Interface.Mtu,
                    DpdkResourceName = plan?.Interface.DpdkResourceName,
                    DpdkPciAddress = plan?.Interface.DpdkPciAddress,
                    Ipv4Prefixes = plan?.Addresses is null ? null : s.Addresses.Ipv4Prefixes,
                    Ipv4Addresses = plan?.Addresses is null ? null : s.Addresses.SecondaryIpv4,
                    Ipv6Prefixes = plan?.Addresses is null || s.Addresses.Ipv6Prefixes.Count == 0 ? null : s.Addresses.Ipv6Prefixes,
                },
                plan?.Interface,
                report?.Interfaces.FirstOrDefault(i => i.EniId == s.EniId)))
            .ToList();
        var problem = state.State.Problem ?? (InstanceGone ? GoneProblem(state.State.GoneInstanceId!) : null);
        var ready = plan is not null && problem is null && state.State.Slots.All(s => s.IsIdle);
        var released = plan is null && state.State.Slots.Count == 0;
        return new AttachmentView(attachments, problem, released, ready, plan is not null, clock.GetUtcNow());
    }

    public async Task Verify(IReadOnlyList<ObservedEni> observed, DateTimeOffset describedAt)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var plan = state.State.Plan;
        var drifted = false;
        for (var i = 0; i < state.State.Slots.Count; i++)
        {
            var slot = state.State.Slots[i];
            // A describe lags behind the fleet's own changes: a slot changed within the grace period is not judged by it.
            if (!slot.IsSettled || slot.Updated >= describedAt - settings.Value.ConsistencyGracePeriod || plan is null)
            {
                continue;
            }

            var eni = observed.FirstOrDefault(e => e.EniId == slot.EniId);
            var repaired = eni switch
            {
                null => Lost(slot),
                { AttachmentStatus: not "attached" } or { InstanceId: null } => slot with { Phase = EniPhase.Attaching, AttachmentId = null },
                _ when eni.InstanceId != plan.InstanceId => Lost(slot),
                _ when eni.DeleteOnTermination != plan.DeleteOnTermination || !plan.HasSecurityGroups(eni.SecurityGroupIds) || !plan.HasDescription(eni.Description)
                    => slot with { Reconfigure = true },
                _ => slot,
            };
            if (repaired != slot)
            {
                Record(slot, repaired with { Updated = clock.GetUtcNow() }, "Drift: EC2 no longer matches this ENI's state");
                state.State.Slots[i] = repaired with { Updated = clock.GetUtcNow() };
                drifted = true;
            }
        }

        if (drifted)
        {
            state.State.Problem = null;
            await state.WriteStateAsync();
            await WakeAsync();
        }
    }

    public Task<bool> Owns(string eniId) =>
        Task.FromResult(state.State.Slots.Any(s => s.EniId == eniId || s.Phase == EniPhase.Creating));

    public Task<IReadOnlyList<DesiredInterface>> GetDesiredInterfaces() => Task.FromResult(DesiredInterfaces());

    public Task<AttachmentHistory> GetHistory() => Task.FromResult(new AttachmentHistory([.. state.State.History], state.State.LastError));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The durable retry: a problem that stopped the timer gets another chance at the reminder's low rate.
        _retryRegistered = true;
        state.State.Problem = null;
        await WakeAsync();
    }

    /// <summary>
    /// The slots for a new plan: those still wanted are kept, the others released; new ones are appended after them,
    /// so that in each tick the releasing slots free their device indexes before the new ones claim them.
    /// </summary>
    private static IEnumerable<EniSlot> MergeSlots(List<EniSlot> slots, AttachmentPlan plan)
    {
        var wanted = plan.Slots.Select((s, i) => (Plan: s, Ordinal: i)).ToList();
        foreach (var slot in slots)
        {
            var keep = !slot.Releasing && wanted.Any(w => w.Plan.SubnetId == slot.SubnetId && w.Plan.DeviceIndex == slot.DeviceIndex);
            yield return keep ? slot : slot with { Releasing = true };
        }

        foreach (var (slotPlan, ordinal) in wanted.Where(w => !slots.Any(s => !s.Releasing && s.SubnetId == w.Plan.SubnetId && s.DeviceIndex == w.Plan.DeviceIndex)))
        {
            yield return new EniSlot { SubnetId = slotPlan.SubnetId, SubnetCidr = slotPlan.SubnetCidr, DeviceIndex = slotPlan.DeviceIndex, Ordinal = ordinal };
        }
    }

    private static string StatusText(EniPhase phase) => phase switch
    {
        EniPhase.Ready or EniPhase.Attached => "attached",
        _ => phase.ToString().ToLowerInvariant(),
    };

    private Task WakeAsync()
    {
        if (HasWork)
        {
            _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, settings.Value.PollInterval) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// No work left, or none possible until something changes. A problem keeps the retry reminder (registered when it
    /// showed), so the attachment tries again even if nothing else calls; work done removes it.
    /// </summary>
    private async Task SleepAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (state.State.Problem is not null)
        {
            if (!_retryRegistered)
            {
                await this.RegisterOrUpdateReminder(RetryReminder, RetryPeriod, RetryPeriod);
                _retryRegistered = true;
            }
        }
        else if (_retryRegistered && await this.GetReminder(RetryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _retryRegistered = false;
        }
    }

    private async Task TickAsync(CancellationToken timerStopped)
    {
        using var work = lifetime.Link(timerStopped);
        var cancellationToken = work.Token;
        var before = state.State.Slots.ToList();
        var problem = state.State.Problem;
        if (state.State.Plan is { } plan)
        {
            var ec2 = ec2Gateways.ForRegion(plan.Region, plan.Role);
            for (var i = 0; i < state.State.Slots.Count && state.State.Problem is null; i++)
            {
                await AdvanceAsync(i, plan, ec2, cancellationToken);
            }
        }

        var gone = state.State.Slots.RemoveAll(s => s.Phase == EniPhase.Pending && s.Releasing) > 0;
        if (gone || state.State.Problem != problem)
        {
            // Released for good: the row goes too, so that state does not grow with every node that ever was.
            await (state.State is { Wanted: false, Slots.Count: 0 } ? state.ClearStateAsync() : state.WriteStateAsync());
        }

        if (!before.SequenceEqual(state.State.Slots) || state.State.Problem != problem)
        {
            await PublishAsync();
            GrainFactory.GetGrain<INodeEniReconciler>(GrainKey.Join(Cluster, NodeEniName)).AttachmentChanged(NodeName, await GetView()).Ignore();
        }

        if (!HasWork)
        {
            await SleepAsync();
        }
    }

    /// <summary>
    /// Steps one ENI as far as it goes without waiting. Only what cannot be learned again is written before the next
    /// step: the create intent (its ClientToken), Ready, and every step of a release. A crash in between repeats
    /// steps that EC2 makes idempotent (the create by its token) or that describe before they act.
    /// </summary>
    private async Task AdvanceAsync(int index, AttachmentPlan plan, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = state.State.Slots[index];
            Step step;
            try
            {
                step = slot.Releasing ? await ReleaseStepAsync(slot, plan, ec2, cancellationToken) : await ConvergeStepAsync(slot, plan, ec2, cancellationToken);
            }
            catch (Ec2RequestException ex)
            {
                AttachmentLog.Ec2Failed(logger, ex, Key, slot.Phase);
                state.State.LastError = ex.Message;
                state.State.Problem = ProblemFor(ex);
                Record(slot, slot, ex.AwsMessage);
                return;
            }

            if (step.InstanceGone)
            {
                await ReleaseGoneInstanceAsync(slot, plan);
                continue;
            }

            if (step.Problem is { } stuck)
            {
                AttachmentLog.Stuck(logger, Key, slot.SubnetId, slot.Phase, stuck.Reason);
                state.State.Problem = stuck;
                state.State.LastError = stuck.Message;
                Record(slot, slot, stuck.Message);
                return;
            }

            if (step.Next == slot)
            {
                return;
            }

            var next = step.Next with { Updated = clock.GetUtcNow() };
            Record(slot, next, null);
            state.State.Slots[index] = next;
            if (next.Releasing || next.Phase is EniPhase.Creating or EniPhase.Ready)
            {
                await state.WriteStateAsync();
            }

            if (step.Wait)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The plan's instance is terminated: ENIs with DeleteOnTermination went with it, the others are (or become)
    /// available and are deleted here. The attachment stays wanted, reporting NodeHasNoInstance, until its Node
    /// goes or names another instance.
    /// </summary>
    private async Task ReleaseGoneInstanceAsync(EniSlot slot, AttachmentPlan plan)
    {
        AttachmentLog.InstanceGone(logger, Key, plan.InstanceId);
        state.State.GoneInstanceId = plan.InstanceId;
        state.State.Slots = [.. state.State.Slots.Select(s => s with { Releasing = true })];
        Record(slot, slot with { Releasing = true }, GoneProblem(plan.InstanceId).Message);
        await state.WriteStateAsync();
    }

    private AttachmentProblem GoneProblem(string instanceId) =>
        new("NodeHasNoInstance", $"Node {NodeName}'s instance {instanceId} is terminated or unknown to EC2; its ENIs are released.");

    private void Record(EniSlot from, EniSlot to, string? detail)
    {
        if (from.Phase != to.Phase)
        {
            AttachmentLog.Transition(logger, Key, to.SubnetId, from.Phase, to.Phase, to.EniId);
        }

        BoundedHistory.Append(state.State.History, new AttachmentTransition(clock.GetUtcNow(), to.SubnetId, from.Phase.ToString(), to.Phase.ToString(), to.EniId, detail));
    }

    private Task PublishAsync() => Node.Publish(Key, DesiredInterfaces());

    /// <summary>The ENIs the node's agent may bring up: attached, in service, and still wanted.</summary>
    private IReadOnlyList<DesiredInterface> DesiredInterfaces()
    {
        var plan = state.State.Plan;
        return plan is null || !state.State.Wanted
            ? []
            : state.State.Slots
                .Where(s => s.IsSettled && s.EniId is not null && s.MacAddress is not null)
                .Select(s => new DesiredInterface(
                    s.EniId!,
                    s.MacAddress!,
                    s.DeviceIndex,
                    plan.Interface.Mtu,
                    InterfaceNames.ForSlot(plan.Interface.InterfaceName, s.DeviceIndex - plan.Slots.Min(p => p.DeviceIndex)),
                    plan.Interface.Dpdk ? new DpdkBinding(plan.Interface.DpdkDriver ?? NodeEniSpec.DefaultDpdkDriver, plan.Interface.DpdkResourceName ?? string.Empty, plan.Interface.DpdkPciAddress ?? string.Empty) : null,
                    Addressing(s, plan)))
                .ToList();
    }

    private static AttachmentProblem? ProblemFor(Ec2RequestException ex) => ex.Kind switch
    {
        _ when ex.ErrorCode is "InsufficientCidrBlocks" => new AttachmentProblem("InsufficientCidrBlocks", $"{ex.Action}: the subnet has no free aligned /28 for a prefix: {ex.AwsMessage}"),
        _ when ex.ErrorCode is "PrivateIpAddressLimitExceeded" => new AttachmentProblem("AddressLimitReached", $"{ex.Action}: {ex.AwsMessage}"),
        Ec2ErrorKind.Unauthorized => new AttachmentProblem("Ec2PermissionDenied", ex.AwsMessage),
        Ec2ErrorKind.LimitExceeded => new AttachmentProblem("InsufficientEniCapacity", ex.AwsMessage),
        Ec2ErrorKind.InvalidRequest or Ec2ErrorKind.NotFound => new AttachmentProblem("Ec2RequestFailed", $"{ex.Action}: {ex.ErrorCode}: {ex.AwsMessage}"),
        _ => null,
    };
}
