using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.PodAddresses;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Apply;

/// <summary>
/// Converges the node to a desired interface set, level-based: devices the agent bound for ENIs no
/// longer wanted on DPDK go back to their kernel driver, every desired ENI is converged, then the
/// SR-IOV device plugin config is brought in line and the plugin restarted only if it changed.
/// </summary>
public sealed partial class NodeApplier(
    InterfaceConverger converger,
    PciBinder binder,
    HostStateFile stateFile,
    SriovConfigFile sriovConfig,
    IDevicePluginRestarter restarter,
    PodAddressFiles podAddresses,
    ILogger<NodeApplier> logger)
{
    public async Task<NodeInterfaceReport> ApplyAsync(DesiredInterfaceSet desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var (resolved, unresolved) = await ResolvePciAddressesAsync(desired, cancellationToken);
        desired = resolved;
        await ReleaseUnwantedAsync(desired, cancellationToken);
        var ambiguous = Ambiguous(desired.Interfaces);
        var nameTaken = NameTaken(desired.Interfaces);
        var observed = new List<ObservedInterface>();
        foreach (var (wanted, index) in desired.Interfaces.Select((d, i) => (d, i)))
        {
            if (unresolved.TryGetValue(index, out var error) || ambiguous.TryGetValue(index, out error))
            {
                observed.Add(new ObservedInterface(wanted.EniId, wanted.MacAddress, null, wanted.Dpdk?.PciAddress, false, null, null, error));
            }
            else if (nameTaken.TryGetValue(index, out var refusal))
            {
                // Only the rename is refused: the interface still gets its MTU and comes up under its own name.
                var converged = await converger.ConvergeAsync(wanted with { InterfaceName = null }, cancellationToken);
                observed.Add(converged with { Error = converged.Error is null ? refusal : $"{refusal}; {converged.Error}" });
            }
            else
            {
                observed.Add(await converger.ConvergeAsync(wanted, cancellationToken));
            }
        }

        await WritePodAddressesAsync(desired.Interfaces, observed, cancellationToken);
        return new NodeInterfaceReport(await ApplySriovAsync(desired.Interfaces, observed, cancellationToken));
    }

    /// <summary>
    /// Hands each ENI's pod addresses to the node's IPAM under its interface's name, and reports their use; interfaces
    /// the desired set no longer has stop giving addresses. An ENI on a userspace driver has no interface to serve pods.
    /// </summary>
    private async Task WritePodAddressesAsync(IReadOnlyList<DesiredInterface> desired, List<ObservedInterface> observed, CancellationToken cancellationToken)
    {
        var served = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < desired.Count; i++)
        {
            if (desired[i].Addressing is not { } addressing || observed[i].Name is not { } name)
            {
                continue;
            }

            served.Add(name);
            try
            {
                observed[i] = observed[i] with { Addresses = await podAddresses.WriteAsync(name, desired[i].EniId, addressing, cancellationToken) };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var error = $"Pod addresses for {name}: {ex.Message}";
                observed[i] = observed[i] with { Error = observed[i].Error is null ? error : $"{observed[i].Error}; {error}" };
            }
        }

        try
        {
            await podAddresses.RetireOthersAsync(served, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRetireFailed(ex.Message);
        }
    }

    /// <summary>
    /// The desired set with every DPDK entry's PCI address known: one the spec left out is the ENI's own device. An
    /// entry whose device cannot be found is reported, and the others go on.
    /// </summary>
    private async Task<(DesiredInterfaceSet Resolved, Dictionary<int, string> Unresolved)> ResolvePciAddressesAsync(DesiredInterfaceSet desired, CancellationToken cancellationToken)
    {
        var resolved = new List<DesiredInterface>();
        var unresolved = new Dictionary<int, string>();
        foreach (var (wanted, index) in desired.Interfaces.Select((d, i) => (d, i)))
        {
            try
            {
                resolved.Add(await converger.WithPciAddressAsync(wanted, cancellationToken));
            }
            catch (Exception ex) when (ex is PciBindingException or InterfaceNotFoundException or NetlinkException or FormatException)
            {
                resolved.Add(wanted);
                unresolved[index] = ex.Message;
            }
        }

        return (new DesiredInterfaceSet(resolved), unresolved);
    }

    /// <summary>Entries that share a MAC or a PCI address with another: which one is meant cannot be known, so none is touched.</summary>
    private static Dictionary<int, string> Ambiguous(IReadOnlyList<DesiredInterface> desired)
    {
        var errors = new Dictionary<int, string>();
        var keys = desired.SelectMany((d, i) =>
        {
            var mac = (Key: $"MAC {d.MacAddress.Replace('-', ':').ToUpperInvariant()}", Index: i);
            return d.Dpdk is { PciAddress.Length: > 0 } dpdk ? [mac, ($"PCI address {dpdk.PciAddress}", i)] : new[] { mac };
        });
        foreach (var group in keys.GroupBy(k => k.Key).Where(g => g.Count() > 1))
        {
            foreach (var (key, index) in group)
            {
                errors[index] = $"The desired set lists {key} for more than one ENI ({string.Join(", ", group.Select(g => desired[g.Index].EniId))}); not applied.";
            }
        }

        return errors;
    }

    /// <summary>
    /// Entries whose <c>interfaceName</c> another entry wants too: two links cannot share a name, so the one at the
    /// lowest device index keeps it, and the others are told which ENI holds it.
    /// </summary>
    private static Dictionary<int, string> NameTaken(IReadOnlyList<DesiredInterface> desired)
    {
        var refusals = new Dictionary<int, string>();
        var named = desired.Select((d, i) => (Wanted: d, Index: i)).Where(e => e.Wanted.InterfaceName is not null && e.Wanted.Dpdk is null);
        foreach (var group in named.GroupBy(e => e.Wanted.InterfaceName, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(e => e.Wanted.DeviceIndex).ThenBy(e => e.Wanted.EniId, StringComparer.Ordinal).ToList();
            foreach (var (wanted, index) in ordered.Skip(1))
            {
                refusals[index] = $"interfaceName '{wanted.InterfaceName}' is also wanted by {ordered[0].Wanted.EniId} (device index {ordered[0].Wanted.DeviceIndex}), which keeps it; not renamed.";
            }
        }

        return refusals;
    }

    private async Task ReleaseUnwantedAsync(DesiredInterfaceSet desired, CancellationToken cancellationToken)
    {
        var wanted = desired.Interfaces.Where(i => i.Dpdk is not null).Select(i => i.Dpdk!.PciAddress).ToHashSet(StringComparer.Ordinal);
        foreach (var binding in stateFile.Read().Bindings.Where(b => !wanted.Contains(b.PciAddress)))
        {
            try
            {
                await binder.ReleaseAsync(binding, cancellationToken);
            }
            catch (Exception ex) when (ex is PciBindingException or IOException or UnauthorizedAccessException)
            {
                LogReleaseFailed(binding.PciAddress, binding.EniId, ex.Message);
            }
        }
    }

    private async Task<IReadOnlyList<ObservedInterface>> ApplySriovAsync(
        IReadOnlyList<DesiredInterface> desired,
        List<ObservedInterface> observed,
        CancellationToken cancellationToken)
    {
        var owned = stateFile.Read().SriovResources.ToHashSet(StringComparer.Ordinal);
        var keys = new Dictionary<int, string>();
        var resources = new List<(string Prefix, string Name, string Driver, string PciAddress)>();
        for (var i = 0; i < desired.Count; i++)
        {
            if (desired[i].Dpdk is not { } dpdk || observed[i].Error is not null)
            {
                continue;
            }

            try
            {
                var (prefix, name) = sriovConfig.Naming.Split(dpdk.ResourceName);
                resources.Add((prefix, name, dpdk.Driver, dpdk.PciAddress));
                keys[i] = $"{prefix}/{name}";
            }
            catch (FormatException ex)
            {
                observed[i] = observed[i] with { Error = ex.Message };
            }
        }

        var restartPending = stateFile.Read().PluginRestartPending;
        if (resources.Count == 0 && owned.Count == 0 && !restartPending)
        {
            return observed;
        }

        var wanted = resources
            .GroupBy(r => (r.Prefix, r.Name))
            .Select(g => new SriovResource(
                g.Key.Prefix,
                g.Key.Name,
                [.. g.Select(r => r.Driver).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. g.Select(r => r.PciAddress).Order(StringComparer.Ordinal)]))
            .ToList();
        try
        {
            var result = await sriovConfig.MergeAsync(wanted, owned, RecordOwnershipAsync, cancellationToken);
            await RecordOwnershipAsync(result.Owned.ToHashSet(StringComparer.Ordinal), cancellationToken);
            foreach (var (index, key) in keys.Where(k => result.Conflicts.Contains(k.Value)))
            {
                observed[index] = observed[index] with { Error = $"SR-IOV resource {key} is already defined in {sriovConfig.Path} by an entry the agent does not own." };
            }

            if (result.Changed || restartPending)
            {
                // Written before the restart and cleared after it: a restart that fails, or an agent killed before it,
                // leaves the plugin on its old config, and the next apply restarts it although the file is unchanged.
                await stateFile.WriteAsync(stateFile.Read() with { PluginRestartPending = true }, cancellationToken);
                LogRestarting(sriovConfig.Path, result.Changed ? "its config changed" : "an earlier restart did not finish");
                await restarter.RestartAsync(cancellationToken);
                await stateFile.WriteAsync(stateFile.Read() with { PluginRestartPending = false }, cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A plugin restart that timed out (HttpClient's timeout is an OperationCanceledException) is a failure to report, not a stop.
            foreach (var index in keys.Keys)
            {
                observed[index] = observed[index] with { Error = $"SR-IOV device plugin: {ex.Message}" };
            }
        }

        return observed;
    }

    private Task RecordOwnershipAsync(IReadOnlySet<string> owned, CancellationToken cancellationToken) =>
        stateFile.WriteAsync(stateFile.Read() with { SriovResources = [.. owned.Order(StringComparer.Ordinal)] }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give PCI device {PciAddress} (ENI {EniId}) back to its kernel driver: {Error}")]
    private partial void LogReleaseFailed(string pciAddress, string eniId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restarting this node's SR-IOV device plugin ({Path}): {Why}")]
    private partial void LogRestarting(string path, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not retire the pod-address ranges of interfaces no longer desired: {Error}")]
    private partial void LogRetireFailed(string error);
}
