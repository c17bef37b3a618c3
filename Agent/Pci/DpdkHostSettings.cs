namespace AwsMultiEni.Agent.Pci;

/// <summary>
/// What the agent may change in the node's kernel so that a DPDK driver can take a device. Both are off unless
/// configured: loading a module and turning on vfio's no-IOMMU mode (which taints the kernel) are the operator's call.
/// </summary>
/// <param name="LoadDriverModules">Run <paramref name="Modprobe"/> for a driver that is not loaded.</param>
/// <param name="Modprobe">The modprobe to run (a path, or a name looked up on PATH).</param>
/// <param name="EnableUnsafeNoIommuMode">On a node without an IOMMU, set vfio's <c>enable_unsafe_noiommu_mode</c> to Y.</param>
public sealed record DpdkHostSettings(bool LoadDriverModules, string Modprobe, bool EnableUnsafeNoIommuMode)
{
    public const string DefaultModprobe = "modprobe";

    public static DpdkHostSettings Default { get; } = new(false, DefaultModprobe, false);
}
