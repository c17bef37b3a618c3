using System.Globalization;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.Drift;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Silo.Grains.Readiness;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Silo.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Grains.Clusters;

/// <summary>
/// One cluster's watchers, run on the silo where this grain is active: Orleans' single activation makes
/// that exactly one silo. A reminder re-activates the grain (and so its watchers) on another silo after
/// its silo dies. Watch loops run outside grain turns and deliver each change back as a call on this grain.
/// Across silo sets, the cluster's Lease decides: the grain watches only while its set holds it, renews it every
/// <see cref="ClusterLeaseSettings.RenewInterval"/>, and otherwise reports who holds it and checks again as often.
/// </summary>
public sealed partial class ClusterGrain(
    [PersistentState("cluster")] IPersistentState<ClusterState> state,
    ClusterConnections connections,
    AwsIdentities identities,
    IEksClusters eks,
    SiloLifetime lifetime,
    SiloSetIdentity siloSet,
    IOptions<ClusterLeaseSettings> leaseSettings,
    IOptions<FleetSettings> settings,
    TimeProvider clock,
    ILocalSiloDetails silo,
    ILogger<ClusterGrain> logger) : Grain, IClusterGrain, IClusterWatch, IRemindable
{
    private const string KeepWatchingReminder = "keep-watching";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, NodeFacts> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeEni> _nodeEnis = new(StringComparer.Ordinal);
    private CancellationTokenSource? _watch;
    private IGrainTimer? _drift;
    private IGrainTimer? _startupTaints;
    private IResourceWatcher<NodeFacts>? _nodeWatcher;
    private IResourceWatcher<NodeEni>? _nodeEniWatcher;
    private bool _nodesSynced;
    private DateTimeOffset? _since;
    private string? _lastError;
    private IClusterLease? _lease;
    private LeaseClaim? _claim;
    private IGrainTimer? _leaseCheck;

    private string Cluster => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Registration is { } registration)
        {
            await StartWatchingAsync(registration);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopWatching();
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            // A silo set going away hands its clusters on at once. Another silo of the same set takes the lease back
            // as its own holder, so a rolling update loses nothing by it.
            await ReleaseLeaseAsync(cancellationToken);
        }
    }

    public async Task Start(ClusterRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (state.State.Registration == registration && _watch is not null)
        {
            return;
        }

        registration.ToConnectionSettings();
        // The claim was made at the old settings' endpoint: nothing may be written to the new one before it is checked.
        _claim = null;
        state.State.Registration = registration;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(KeepWatchingReminder, ReminderPeriod, ReminderPeriod);
        StopWatching();
        await StartWatchingAsync(registration);
    }

    public async Task Stop()
    {
        StopWatching();
        _leaseCheck?.Dispose();
        _leaseCheck = null;
        await ReleaseLeaseAsync(lifetime.Stopping);
        state.State.Registration = null;
        await state.ClearStateAsync();
        if (await this.GetReminder(KeepWatchingReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await connections.RemoveAsync(Cluster);
        DeactivateOnIdle();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Registration is { } registration && _watch is null)
        {
            await StartWatchingAsync(registration);
        }
    }

    public Task<ClusterRegistration?> GetRegistration() => Task.FromResult(state.State.Registration);

    public Task<ClusterRegistration?> GetManagedRegistration() => state.State.Registration is { } registration && !HoldsLease
        ? throw new InvalidOperationException($"Cluster '{Cluster}' is not managed by this silo set ({siloSet.Holder}): {_lastError ?? "its lease is not held yet"}")
        : Task.FromResult(state.State.Registration);

    public Task<NodeInventory> GetNodes() => Task.FromResult(new NodeInventory(_nodesSynced, [.. _nodes.Values]));

    public Task NodeChanged(NodeFacts node, bool deleted)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes.TryGetValue(node.Name, out var before);
        if (!deleted && before is not null && before.SameFleetFacts(node))
        {
            // A heartbeat (status, conditions, resourceVersion): nothing a NodeENI plans on changed.
            _nodes[node.Name] = node;
            return Task.CompletedTask;
        }

        if (deleted)
        {
            _nodes.Remove(node.Name);
        }
        else
        {
            _nodes[node.Name] = node;
        }

        foreach (var nodeEni in _nodeEnis.Values.Where(n => node.Matches(n.Spec.NodeSelector) || before?.Matches(n.Spec.NodeSelector) == true))
        {
            NodeEniGrain(nodeEni.Name).NodesChanged().Ignore();
        }

        AnnounceNodesSynced();
        return Task.CompletedTask;
    }

    public Task NodeEniChanged(NodeEni nodeEni, bool deleted)
    {
        ArgumentNullException.ThrowIfNull(nodeEni);
        if (deleted)
        {
            _nodeEnis.Remove(nodeEni.Name);
        }
        else
        {
            _nodeEnis[nodeEni.Name] = nodeEni;
        }

        NodeEniGrain(nodeEni.Name).Observe(deleted ? null : nodeEni).Ignore();
        AnnounceNodesSynced();
        return Task.CompletedTask;
    }

    public Task<ClusterSummary> GetSummary()
    {
        var registration = state.State.Registration ?? throw new InvalidOperationException($"Cluster '{Cluster}' is not registered.");
        var health = new ClusterWatchHealth(_watch is not null, _watch is null ? null : silo.SiloAddress.ToString(), _since, _lastError);
        return Task.FromResult(new ClusterSummary(registration, health, _nodes.Count, _nodeEnis.Count));
    }

    public Task<IReadOnlyList<string>> ListNodeEnis() => Task.FromResult<IReadOnlyList<string>>([.. _nodeEnis.Keys.Order(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<NodeSummary>> ListNodes() => Task.FromResult<IReadOnlyList<NodeSummary>>(
        [.. _nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => new NodeSummary(n.Name, n.InstanceId, n.AvailabilityZone, n.InstanceType, n.Labels))]);

    /// <summary>
    /// Each drift interval: the sync that a watcher listing nothing never announced with a change, and the drift
    /// check, asked of its own grain with what it needs.
    /// </summary>
    private Task CheckDriftAsync()
    {
        AnnounceNodesSynced();
        if (state.State.Registration is { } registration)
        {
            GrainFactory.GetGrain<IDriftCheck>(Cluster).Check(registration.Region, registration.Role, [.. _nodeEnis.Keys], clock.GetUtcNow()).Ignore();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Each startup-taint interval: the nodes still carrying the fleet's startup taint, each with the NodeENIs that
    /// select it, to the readiness check. Only once both lists are complete: a NodeENI not listed yet must not let a
    /// node go before its ENIs.
    /// </summary>
    private Task CheckStartupTaintsAsync()
    {
        var taint = settings.Value.StartupTaint;
        if (taint.Length == 0 || !_nodesSynced || _nodeEniWatcher?.IsSynced != true || state.State.Registration is not { } registration)
        {
            return Task.CompletedTask;
        }

        var tainted = _nodes.Values
            .Where(n => !n.IsBeingDeleted && n.Taints.Contains(taint))
            .Select(n => new TaintedNode(n.Name, [.. _nodeEnis.Values.Where(e => !e.IsBeingDeleted && n.Matches(e.Spec.NodeSelector)).Select(e => e.Name)]))
            .ToList();
        if (tainted.Count > 0)
        {
            GrainFactory.GetGrain<INodeReadinessCheck>(Cluster).Check(registration, tainted, clock.GetUtcNow()).Ignore();
        }

        return Task.CompletedTask;
    }

    private bool HoldsLease => _claim is { Held: true } claim && claim.Until > clock.GetUtcNow();

    private INodeEniReconciler NodeEniGrain(string name) => GrainFactory.GetGrain<INodeEniReconciler>(GrainKey.Join(Cluster, name));

    private async Task StartWatchingAsync(ClusterRegistration registration)
    {
        IClusterConnection connection;
        try
        {
            if (registration.Role is { } role)
            {
                // Before watching: a role STS refuses shows as this cluster's error, not as failures of every call.
                await identities.CheckAsync(registration.Region, role, RoleArn.SessionName(Cluster));
            }

            // Before the first request to the cluster, which would carry an EKS token: only to an endpoint EKS confirms.
            await eks.VerifyEndpointAsync(registration, lifetime.Stopping);

            connection = await connections.GetAsync(registration.ToConnectionSettings());
            _lease = connection.Lease(leaseSettings.Value.Namespace, leaseSettings.Value.Name);
            _claim = await _lease.TryAcquireAsync(siloSet.Holder, leaseSettings.Value.Duration, lifetime.Stopping);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bad kubeconfig, a role STS refuses, an EKS endpoint EKS does not confirm, an unreachable credential source
            // or API server, a lease the cluster's RBAC does not grant: reported in the summary, retried by the reminder.
            _claim = null;
            _lastError = ex.Message;
            ClusterLog.ConnectFailed(logger, ex, Cluster);
            return;
        }

        _leaseCheck ??= this.RegisterGrainTimer(_ => KeepLeaseAsync(), new GrainTimerCreationOptions(leaseSettings.Value.RenewInterval, leaseSettings.Value.RenewInterval));
        if (!_claim.Held)
        {
            _lastError = OwnedElsewhere(_claim);
            ClusterLog.OwnedElsewhere(logger, Cluster, _claim.Holder, _claim.Until);
            return;
        }

        // Watchers and the inventory start fresh with each activation and connection: a watcher that remembers an
        // earlier activation's objects would relist only changes, and NodeENIs would plan on a partial node list.
        _lastError = null;
        _nodes.Clear();
        _nodeEnis.Clear();
        _nodesSynced = false;
        var nodeWatcher = _nodeWatcher = connection.WatchNodes();
        var nodeEniWatcher = _nodeEniWatcher = connection.WatchNodeEnis();
        _drift ??= this.RegisterGrainTimer(_ => CheckDriftAsync(), new GrainTimerCreationOptions(settings.Value.DriftInterval, settings.Value.DriftInterval));
        _startupTaints ??= this.RegisterGrainTimer(_ => CheckStartupTaintsAsync(), new GrainTimerCreationOptions(settings.Value.StartupTaintCheckInterval, settings.Value.StartupTaintCheckInterval));
        var self = this.AsReference<IClusterWatch>();
        // Linked to the silo: a killed silo may never deactivate this grain, and its watches must not outlive it.
        _watch = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Stopping);
        _since = DateTimeOffset.UtcNow;
        var token = _watch.Token;
        _ = Task.Run(() => RunAsync(nodeWatcher, "nodes", (change, _) => new ValueTask(self.NodeChanged(change.Object, change.Kind == ResourceChangeKind.Deleted)), token), CancellationToken.None);
        _ = Task.Run(() => RunAsync(nodeEniWatcher, NodeEni.Plural, (change, _) => new ValueTask(self.NodeEniChanged(change.Object, change.Kind == ResourceChangeKind.Deleted)), token), CancellationToken.None);
        ClusterLog.Watching(logger, Cluster, silo.SiloAddress.ToString());
    }

    /// <summary>
    /// Each renew interval: the holder renews, and stops watching once it lost the lease, or could not renew it and the
    /// next try would come after it expired (so it never acts on a lease another set may take); a set that does not
    /// hold it tries to take it.
    /// </summary>
    private async Task KeepLeaseAsync()
    {
        if (state.State.Registration is not { } registration)
        {
            return;
        }

        if (_watch is null || _lease is null)
        {
            await StartWatchingAsync(registration);
            return;
        }

        try
        {
            _claim = await _lease.TryAcquireAsync(siloSet.Holder, leaseSettings.Value.Duration, lifetime.Stopping);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ClusterLog.RenewFailed(logger, ex, Cluster);
            if (_claim is { } held && clock.GetUtcNow() + leaseSettings.Value.RenewInterval >= held.Until)
            {
                StopWatching();
                _claim = null;
                _lastError = $"Lease not renewed before it expires: {ex.Message}";
            }

            return;
        }

        if (!_claim.Held)
        {
            StopWatching();
            _lastError = OwnedElsewhere(_claim);
            ClusterLog.LeaseLost(logger, Cluster, _claim.Holder, _claim.Until);
        }
    }

    private async Task ReleaseLeaseAsync(CancellationToken cancellationToken)
    {
        if (_lease is not { } lease || _claim is not { Held: true })
        {
            return;
        }

        _claim = null;
        try
        {
            await lease.ReleaseAsync(siloSet.Holder, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not released: it expires after its duration instead.
            ClusterLog.ReleaseFailed(logger, ex, Cluster);
        }
    }

    private static string OwnedElsewhere(LeaseClaim claim) =>
        $"OwnedElsewhere: held by {(claim.Holder.Length == 0 ? "another silo set" : claim.Holder)} until {claim.Until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    private async Task RunAsync<T>(IResourceWatcher<T> watcher, string resource, Func<ResourceChange<T>, CancellationToken, ValueTask> deliver, CancellationToken cancellationToken)
    {
        try
        {
            await watcher.RunAsync(deliver, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ClusterLog.WatchStopped(logger, Cluster, resource);
        }
    }

    /// <summary>Once the first node list is in, every NodeENI plans again: until then each saw an inventory it could not trust.</summary>
    private void AnnounceNodesSynced()
    {
        if (_nodesSynced || _nodeWatcher?.IsSynced != true)
        {
            return;
        }

        _nodesSynced = true;
        foreach (var name in _nodeEnis.Keys)
        {
            NodeEniGrain(name).NodesChanged().Ignore();
        }
    }

    private void StopWatching()
    {
        _drift?.Dispose();
        _drift = null;
        _startupTaints?.Dispose();
        _startupTaints = null;
        _watch?.Cancel();
        _watch?.Dispose();
        _watch = null;
    }
}
