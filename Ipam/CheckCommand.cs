using System.Net;

namespace AwsMultiEni.Ipam;

/// <summary>
/// CHECK: the attachment still holds its addresses, each still inside one of the interface's ranges (draining ones
/// count), and they are the addresses of the ADD's result the runtime passes as prevResult.
/// </summary>
internal static class CheckCommand
{
    public static void Run(IpamNetwork network, Attachment attachment)
    {
        var pools = network.LoadPools();
        using var held = network.Store.Lock();
        var addresses = network.Store.ReadAll().Where(a => a.Owner == attachment).Select(a => a.Address).ToList();
        if (addresses.Count == 0)
        {
            throw new CniException(CniErrorCode.NoReservation, $"no address is reserved for container {attachment.ContainerId} interface {attachment.IfName} on {network.InterfaceName}");
        }

        var outside = addresses.FirstOrDefault(a => pools.For(a.AddressFamily)?.Contains(a) != true);
        if (outside is not null)
        {
            throw new CniException(CniErrorCode.ReservationMismatch, $"{outside} is in none of {network.InterfaceName}'s ranges any more");
        }

        var expected = (network.Config.PrevResult?.Ips ?? [])
            .Select(ip => AddressOf(ip.Address))
            .OfType<IPAddress>()
            .Where(a => pools.All.Any(p => p.Subnet.Contains(a)))
            .ToHashSet();
        if (network.Config.PrevResult is not null && !expected.SetEquals(addresses))
        {
            throw new CniException(
                CniErrorCode.ReservationMismatch,
                $"prevResult has {string.Join(", ", expected)} but the store holds {string.Join(", ", addresses)} for container {attachment.ContainerId} interface {attachment.IfName}");
        }
    }

    /// <summary>The address of a result's CIDR ("10.0.1.17/24"), which carries host bits and so is no network to parse.</summary>
    private static IPAddress? AddressOf(string? cidr) =>
        cidr?.Split('/') is [var text, _] && IPAddress.TryParse(text, out var address) ? address : null;
}
