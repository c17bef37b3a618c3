namespace AwsMultiEni.Agent.State;

/// <summary>
/// A PCI device the agent took from its kernel driver. <see cref="Phase"/> is written before each
/// step, so after a crash the agent knows a bind or a release was under way and finishes it.
/// </summary>
/// <param name="KernelDriver">The driver to give the device back to (the one it had, normally <c>ena</c>).</param>
public sealed record PciBindingRecord(
    string PciAddress,
    string Driver,
    string KernelDriver,
    string EniId,
    string MacAddress,
    BindingPhase Phase);
