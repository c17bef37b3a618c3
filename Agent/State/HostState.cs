namespace AwsMultiEni.Agent.State;

/// <summary>
/// What the agent owns on this host, kept in a file that survives agent restarts and reboots:
/// the PCI devices it bound, the SR-IOV device plugin resources (<c>prefix/name</c>) it wrote, and
/// whether the plugin still has to be restarted to read that config (a restart failed or was cut short).
/// </summary>
public sealed record HostState(IReadOnlyList<PciBindingRecord> Bindings, IReadOnlyList<string> SriovResources, bool PluginRestartPending = false)
{
    public static HostState Empty { get; } = new([], []);

    public PciBindingRecord? Binding(string pciAddress) =>
        Bindings.FirstOrDefault(b => string.Equals(b.PciAddress, pciAddress, StringComparison.Ordinal));

    public HostState With(PciBindingRecord binding) =>
        this with { Bindings = [.. Bindings.Where(b => b.PciAddress != binding.PciAddress), binding] };

    public HostState Without(string pciAddress) =>
        this with { Bindings = [.. Bindings.Where(b => b.PciAddress != pciAddress)] };
}
