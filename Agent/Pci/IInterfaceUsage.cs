namespace AwsMultiEni.Agent.Pci;

/// <summary>
/// What the node's network stack does with a kernel interface: the PCI binder asks before it takes a device from
/// its kernel driver, since the interface and everything using it go with the driver.
/// </summary>
public interface IInterfaceUsage
{
    /// <summary>How the interface is in use (for a report), or null when nothing depends on it or it does not exist.</summary>
    Task<string?> InUseAsync(string interfaceName, CancellationToken cancellationToken);
}
