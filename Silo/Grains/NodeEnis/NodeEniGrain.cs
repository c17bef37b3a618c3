using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.Clusters;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>
/// One NodeENI: resolves its spec, plans one AttachmentGrain per selected node (the node's zone's subnets
/// at deviceIndex + k), releases the nodes it no longer selects, and writes the aggregate back as status,
/// with a Ready reason and a Warning event for every failure. On delete, the finalizer goes only once
/// every AttachmentGrain reports its ENIs released. Signals fan in: node changes make at most one plan, and
/// attachment changes at most one status write, per <see cref="FleetSettings.CoalesceInterval"/>.
/// </summary>
public sealed partial class NodeEniGrain(
    [PersistentState("nodeeni")] IPersistentState<NodeEniState> state,
    ClusterConnections connections,
    IEc2GatewayFactory ec2Gateways,
    SiloLifetime lifetime,
    IOptions<FleetSettings> settings,
    TimeProvider clock,
    ILogger<NodeEniGrain> logger) : Grain, INodeEniGrain, INodeEniReconciler
{
    private const int DefaultMtu = 9001;
    private static readonly TimeSpan TransientRetryDelay = TimeSpan.FromSeconds(5);
    private IGrainTimer? _retry;
    private ResolvedSpec? _resolved;
    private List<NodeProblem> _nodeProblems = [];
    private PlannedNodes _planned = null!;
    private readonly Coalescer _replan = new();

    private NodeEni? _observed;

    /// <summary>
    /// The object (UID) and spec (generation) this activation last reconciled. Not <see cref="_observed"/>: that also
    /// takes what the grain's own writes return, which may already carry a spec the fleet has not acted on.
    /// </summary>
    private (string? Uid, long? Generation)? _reconciled;

    private string Key => this.GetPrimaryKeyString();

    private string Cluster => GrainKey.Split(Key, 2)[0];

    private string Name => GrainKey.Split(Key, 2)[1];

    private IClusterWatch ClusterGrain => GrainFactory.GetGrain<IClusterWatch>(Cluster);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _planned = new PlannedNodes(GrainFactory, Cluster, Name);
        await _planned.LoadAsync(state.State.NodePages);
        _stale.UnionWith(_planned.Nodes);
        _observed = state.State.ObservedJson is { } json ? NodeEniJson.Deserialize(json) : null;
        if (_observed is not null)
        {
            // A silo lost mid-reconcile leaves status unwritten and nothing else calls back: whatever activates the
            // grain again (the drift check's Verify at the latest) recomputes from the persisted state, level-based.
            ReplanSoon();
        }
    }

    public Task<NodeEni?> Get() => Task.FromResult(_observed);

    public async Task<IReadOnlyList<EniAttachmentStatus>> ListAttachments()
    {
        var attachments = new List<EniAttachmentStatus>();
        foreach (var node in _planned.Nodes)
        {
            attachments.AddRange((await Attachment(node).GetView()).Attachments);
        }

        return [.. attachments.OrderBy(a => a.NodeId, StringComparer.Ordinal).ThenBy(a => a.DeviceIndex)];
    }

    public async Task Apply(NodeEniSpec spec)
    {
        var connection = await ConnectAsync();
        await RememberAsync(await connection.NodeEniWriter.ApplySpecAsync(Name, spec, lifetime.Stopping));
        await ReconcileAsync();
    }

    public async Task Delete()
    {
        var connection = await ConnectAsync();
        await connection.NodeEniWriter.DeleteAsync(Name, lifetime.Stopping);
        _observed = await connection.NodeEniWriter.GetAsync(Name, lifetime.Stopping);
        await ReconcileAsync();
    }

    public async Task Observe(NodeEni? nodeEni)
    {
        // Every status write of this grain comes back as a watch event: one for the very object and spec already
        // reconciled asks for nothing, and reconciling would cost a state write and a call per selected node.
        if (nodeEni is { IsBeingDeleted: false, HasFinalizer: true } && _reconciled == (nodeEni.Metadata.Uid, nodeEni.Metadata.Generation))
        {
            _observed = nodeEni;
            return;
        }

        await RememberAsync(nodeEni);
        ReplanSoon();
    }

    public Task NodesChanged()
    {
        ReplanSoon();
        return Task.CompletedTask;
    }

    public async Task Verify(IReadOnlyList<ObservedEni> observed, DateTimeOffset describedAt)
    {
        var byNode = observed.ToLookup(e => e.Node, StringComparer.Ordinal);

        // An attachment at work describes EC2 in its own ticks, and in a large rollout a tick waits minutes for EC2's
        // budget: a Verify sent to it would queue behind that tick, one more every drift interval, only to skip the
        // ENIs still in flight. It is verified at the first drift check after it comes to rest; until its view is
        // known (just planned, or this grain just activated) it counts as at work.
        foreach (var node in _planned.Nodes.Where(n => _views.TryGetValue(n, out var view) && !view.AtWork))
        {
            await Attachment(node).Verify([.. byNode[node]], describedAt);
        }
    }

    /// <summary>
    /// Keeps the object and writes it down (without its status) before acting on it. The ENIs another controller
    /// listed are captured here, from the first object seen with them, before the status is dropped.
    /// </summary>
    private async Task RememberAsync(NodeEni? nodeEni)
    {
        _observed = nodeEni;
        if (nodeEni is not null)
        {
            state.State.Inherited ??= Inherit(nodeEni);
        }

        await SaveAsync();
    }

    private Task SaveAsync()
    {
        state.State.ObservedJson = _observed is null ? null : NodeEniJson.Serialize(_observed with { Status = null });
        state.State.NodePages = _planned.Pages;
        return state.WriteStateAsync();
    }

    /// <summary>Plans once the current burst of signals is over, and at most once per coalescing interval.</summary>
    private void ReplanSoon() => _replan.Schedule(this, settings.Value.CoalesceInterval, clock, ReconcileAsync);

    private async Task ReconcileAsync()
    {
        var observed = _observed;
        if (observed is null || observed.IsBeingDeleted)
        {
            state.State.ReconciledGeneration = observed?.Metadata.Generation;
            await ReleaseAsync(_planned.Nodes.ToList());
            await SaveAsync();
            StatusSoon();
            return;
        }

        var connection = await ConnectAsync();
        if (!observed.HasFinalizer)
        {
            observed = await connection.NodeEniWriter.AddFinalizerAsync(Name, lifetime.Stopping) ?? observed;
            _observed = observed;
        }

        var registration = await ClusterGrain.GetRegistration() ?? throw NotRegistered();
        var resolved = await ResolveAsync(observed, registration);
        // Before the first node list is in, nothing is planned and the generation is not reconciled yet.
        if (resolved.Problem is { } problem)
        {
            _nodeProblems = [problem];
            state.State.ReconciledGeneration = observed.Metadata.Generation;
        }
        else if (await PlanAsync(observed, resolved, registration) is { } problems)
        {
            _nodeProblems = problems;
            state.State.ReconciledGeneration = observed.Metadata.Generation;
        }

        await SaveAsync();
        NodeEniLog.Reconciled(logger, Key, _planned.Count, _nodeProblems.Count);
        StatusSoon();
        if (state.State.ReconciledGeneration == observed.Metadata.Generation)
        {
            _reconciled = (observed.Metadata.Uid, observed.Metadata.Generation);
        }
    }

    /// <summary>Ensures the selected nodes' attachments and releases the others; null (nothing done) before the node list is in.</summary>
    private async Task<List<NodeProblem>?> PlanAsync(NodeEni observed, ResolvedSpec resolved, ClusterRegistration registration)
    {
        var spec = observed.Spec;
        var inventory = await ClusterGrain.GetNodes();
        if (!inventory.Synced)
        {
            return null;
        }

        var problems = new List<NodeProblem>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var plans = new List<(string Node, AttachmentPlan Plan)>();
        var settings = new AttachmentSettings(spec, resolved, registration.Region, registration.Role);
        foreach (var node in inventory.Nodes.Where(n => !n.IsBeingDeleted && n.Matches(spec.NodeSelector)))
        {
            if (settings.PlanFor(node) is not { } plan)
            {
                problems.Add(AttachmentSettings.WhyNot(node, spec));
                continue;
            }

            wanted.Add(node.Name);
            if (await AdoptListedAsync(observed, node.Name, plan) is { } adoptionProblem)
            {
                problems.Add(adoptionProblem);
                continue;
            }

            plans.Add((node.Name, plan));
        }

        // The wanted nodes are written before any attachment hears of them: a crash after an Ensure must not forget
        // a node that now has ENIs, or a later delete would drop the finalizer with those ENIs still attached.
        if (await _planned.AddAsync(plans.Select(p => p.Node)))
        {
            await SaveAsync();
        }

        foreach (var (node, plan) in plans)
        {
            if (await Attachment(node).Ensure(plan))
            {
                _stale.Add(node);
            }
        }

        await ReleaseUnwantedAsync(wanted, inventory);
        return problems;
    }

    /// <summary>
    /// Releases the planned nodes the NodeENI no longer selects. A node that the inventory does not list at all is
    /// released only once the API server confirms it is gone: a partial list must never detach ENIs in use.
    /// </summary>
    private async Task ReleaseUnwantedAsync(HashSet<string> wanted, NodeInventory inventory)
    {
        var listed = inventory.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var unwanted = new List<string>();
        foreach (var node in _planned.Nodes.Where(n => !wanted.Contains(n)).ToList())
        {
            if (!listed.Contains(node) && await (await ConnectAsync()).NodeExistsAsync(node, lifetime.Stopping))
            {
                NodeEniLog.KeptUnlistedNode(logger, Key, node);
                continue;
            }

            unwanted.Add(node);
        }

        await ReleaseAsync(unwanted);
    }

    private async Task ReleaseAsync(IReadOnlyList<string> nodes)
    {
        foreach (var node in nodes)
        {
            if (await Attachment(node).Release())
            {
                _stale.Add(node);
            }
        }
    }

    private async Task<ResolvedSpec> ResolveAsync(NodeEni observed, ClusterRegistration registration)
    {
        if (_resolved is { Problem: null } cached && cached.Generation == observed.Metadata.Generation)
        {
            return cached;
        }

        try
        {
            _resolved = await SpecResolver.ResolveAsync(observed.Spec, observed.Metadata.Generation, ec2Gateways.ForRegion(registration.Region, registration.Role), lifetime.Stopping);
        }
        catch (Ec2RequestException ex)
        {
            NodeEniLog.ResolveFailed(logger, ex, Key);
            _resolved = ResolvedSpec.Failed(observed.Metadata.Generation, ReasonFor(ex), $"{ex.Action}: {ex.ErrorCode}: {ex.AwsMessage}");
            if (ex.Kind is Ec2ErrorKind.Throttled or Ec2ErrorKind.Transient)
            {
                ReconcileAgainSoon();
            }
        }

        return _resolved;
    }

    /// <summary>
    /// EC2 failed for a while (throttling, 5xx beyond the gateway's retries): nothing else would ask for another
    /// reconcile (the watch event of the status just written is not one), so a one-shot timer does.
    /// </summary>
    private void ReconcileAgainSoon() =>
        _retry ??= this.RegisterGrainTimer(
            async _ =>
            {
                _retry?.Dispose();
                _retry = null;
                await ReconcileAsync();
            },
            new GrainTimerCreationOptions(TransientRetryDelay, Timeout.InfiniteTimeSpan));

    private async Task<IClusterConnection> ConnectAsync()
    {
        var registration = await ClusterGrain.GetManagedRegistration() ?? throw NotRegistered();
        return await connections.GetAsync(registration.ToConnectionSettings());
    }

    private static string ReasonFor(Ec2RequestException ex) => ex.Kind == Ec2ErrorKind.Unauthorized ? "Ec2PermissionDenied" : "Ec2RequestFailed";

    private EventSubject Subject(NodeEni observed) => new(NodeEni.ApiVersionValue, NodeEni.KindValue, Name, observed.Metadata.Uid);

    private InvalidOperationException NotRegistered() => new($"Cluster '{Cluster}' of NodeENI '{Name}' is not registered with the fleet.");

    private IAttachmentLifecycle Attachment(string node) => GrainFactory.GetGrain<IAttachmentLifecycle>(GrainKey.Join(Cluster, Name, node));

    /// <summary>What every node's plan shares, and the per-node part: its instance and its zone's subnets.</summary>
    private sealed record AttachmentSettings(NodeEniSpec Spec, ResolvedSpec Resolved, string Region, MemberRole? Role)
    {
        private readonly InterfaceSettings _interface = new(
            Spec.Mtu ?? DefaultMtu, Spec.InterfaceName, Spec.EffectiveDpdk, Spec.EffectiveDpdkDriver, Spec.DpdkResourceName, Spec.DpdkPciAddress);

        private readonly AddressPolicy? _addresses = AddressPolicy.For(Spec);

        public AttachmentPlan? PlanFor(NodeFacts node)
        {
            var subnets = Resolved.InZone(node.AvailabilityZone);
            if (node.InstanceId is null || subnets.Count == 0)
            {
                return null;
            }

            var slots = subnets.Select((s, k) => new EniSlotPlan(s.SubnetId, s.CidrBlock, Spec.EffectiveDeviceIndex + k, s.Ipv6CidrBlock)).ToList();
            return new AttachmentPlan(Region, node.InstanceId, node.InstanceType, slots, Resolved.SecurityGroupIds, Spec.Description, Spec.EffectiveDeleteOnTermination, _interface, _addresses, Role?.Arn, Role?.ExternalId);
        }

        public static NodeProblem WhyNot(NodeFacts node, NodeEniSpec spec) => node.InstanceId is null
            ? new NodeProblem(node.Name, "NodeHasNoInstance", $"Node {node.Name} has no EC2 instance in spec.providerID.")
            : new NodeProblem(node.Name, "NoSubnetInZone", $"Node {node.Name} is in zone {node.AvailabilityZone ?? "(unknown)"}, where none of the listed subnets lies ({string.Join(", ", spec.AllSubnetIds.Concat(spec.AllSubnetNames))}).");
    }
}
