namespace AwsMultiEni.Ipam;

/// <summary>STATUS (spec 1.1): ready when an ADD could get an address of every family now; code 50 with the reason when not.</summary>
internal static class StatusCommand
{
    public static void Run(IpamNetwork network)
    {
        InterfacePools pools;
        try
        {
            pools = network.LoadPools();
        }
        catch (CniException ex)
        {
            throw new CniException(CniErrorCode.NotAvailable, ex.Message, ex.Details);
        }

        using var held = network.Store.Lock();
        var allocations = network.Store.ReadAll();
        foreach (var pool in pools.All)
        {
            var used = allocations.Where(a => a.Address.AddressFamily == pool.Family).Select(a => AddressNumber.Of(a.Address)).ToHashSet();
            if (pool.FreeCount(used) == 0)
            {
                throw new CniException(CniErrorCode.NotAvailable, $"no free {pool.Family} address on {network.InterfaceName}: every address of its ranges is taken or draining");
            }
        }
    }
}
