using AwsMultiEni.Agent.Netlink;

namespace AwsMultiEni.Agent.Interfaces;

/// <summary>
/// Finds an ENI's Linux interface by MAC address, the one identity EC2 and the kernel share;
/// interface names are never derived from device indexes. When the interface is not there yet it
/// waits for the kernel's link notification, up to a deadline.
/// </summary>
public sealed class InterfaceLocator(RouteNetlink netlink, LinkMonitor monitor, NetDevices devices)
{
    /// <summary>The interface with this MAC now, or null.</summary>
    public async Task<Link?> FindAsync(string macAddress, CancellationToken cancellationToken)
    {
        var mac = MacAddressText.Normalize(macAddress);
        return Pick(mac, (await netlink.DumpLinksAsync(cancellationToken)).Where(l => l.MacAddress == mac).ToList());
    }

    /// <summary>The interface with this MAC, waiting for it to appear until <paramref name="timeout"/> has passed.</summary>
    public async Task<Link> WaitForAsync(string macAddress, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var mac = MacAddressText.Normalize(macAddress);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        // Listen before looking, so a link created between the dump and the wait is still seen.
        var appeared = monitor.WaitForAsync(l => l.MacAddress == mac, deadline.Token);
        try
        {
            if (await FindAsync(mac, cancellationToken) is { } existing)
            {
                return existing;
            }

            return await appeared;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new InterfaceNotFoundException($"No interface with MAC {mac} appeared within {timeout.TotalSeconds:0.#} s; is the ENI attached to this instance?");
        }
        finally
        {
            // Ends the wait when the dump found the link; a cancelled task raises nothing unobserved.
            await deadline.CancelAsync();
        }
    }

    /// <summary>
    /// Child links (VLANs, macvlans) can share their parent's MAC; the ENI is the one backed by a PCI
    /// device. Anything still ambiguous is refused rather than guessed.
    /// </summary>
    private Link? Pick(string mac, List<Link> matches)
    {
        var backed = matches.Count > 1 ? matches.Where(l => devices.PciAddress(l.Name) is not null).ToList() : matches;
        return backed.Count switch
        {
            0 when matches.Count == 0 => null,
            1 => backed[0],
            _ => throw new InterfaceNotFoundException($"Several interfaces ({string.Join(", ", matches.Select(l => l.Name))}) carry MAC {mac}; refusing to guess."),
        };
    }
}
