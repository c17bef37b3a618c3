using System.Net;

namespace AwsMultiEni.Ipam;

/// <summary>
/// ADD: one address per family of the interface's ranges for the attachment. Idempotent: an attachment that already
/// holds an address gets it again, even from a range that is draining now.
/// </summary>
internal static class AddCommand
{
    public static IpamResult Run(IpamNetwork network, Attachment attachment)
    {
        var pools = network.LoadPools();
        var store = network.Store;
        using var held = store.Lock();
        var allocations = store.ReadAll();
        var given = new List<(AddressPool Pool, IPAddress Address)>();
        foreach (var pool in pools.All)
        {
            var family = allocations.Where(a => a.Address.AddressFamily == pool.Family).ToList();
            var existing = family.FirstOrDefault(a => a.Owner == attachment);
            if (existing is not null)
            {
                given.Add((pool, existing.Address));
                continue;
            }

            var used = family.Select(a => AddressNumber.Of(a.Address)).ToHashSet();
            var free = pool.NextFree(used, store.LastReserved(pool.Family)) ?? throw new CniException(
                CniErrorCode.TryAgainLater,
                $"no free {pool.Family} address on {network.InterfaceName}: all {family.Count} in its ranges are taken",
                "the fleet grows the interface's prefixes toward the NodeENI's warm target; retry once the agent has written them");
            store.Reserve(free, attachment);
            given.Add((pool, free));
        }

        return new IpamResult
        {
            CniVersion = network.CniVersion,
            Ips = [.. given.Select(g => new IpConfig { Address = g.Pool.Cidr(g.Address), Gateway = g.Pool.Gateway?.ToString() })],
            Routes = Routes(network.ConfigRoutes, pools),
        };
    }

    /// <summary>The config's routes, then the ranges file's for other destinations; a route without gw goes via its family's gateway.</summary>
    private static List<RouteEntry> Routes(IReadOnlyList<RouteEntry> configured, InterfacePools pools)
    {
        var destinations = configured.Select(r => r.Dst).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. configured.Concat(pools.Routes.Where(r => !destinations.Contains(r.Dst))).Select(r => r with { Gw = r.Gw ?? GatewayFor(r, pools) })];
    }

    private static string? GatewayFor(RouteEntry route, InterfacePools pools) =>
        IPNetwork.TryParse(route.Dst, out var destination) ? pools.For(destination.BaseAddress.AddressFamily)?.Gateway?.ToString() : null;
}
