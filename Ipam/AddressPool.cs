using System.Net;
using System.Net.Sockets;

namespace AwsMultiEni.Ipam;

/// <summary>A range of the ranges file as an interval of address numbers.</summary>
internal sealed record AddressBlock(UInt128 First, UInt128 Last, bool Draining)
{
    public bool Contains(UInt128 address) => address >= First && address <= Last;
}

/// <summary>
/// One address family of an interface's ranges: the subnet (whose prefix length pod addresses carry), its gateway, and
/// the blocks addresses come from. The subnet's own address, its last (IPv4 broadcast) and the gateway are never given.
/// </summary>
internal sealed class AddressPool
{
    private readonly HashSet<UInt128> _excluded;

    public AddressPool(IPNetwork subnet, IPAddress? gateway, IReadOnlyList<AddressBlock> blocks)
    {
        Subnet = subnet;
        Gateway = gateway;
        Blocks = blocks;
        _excluded = [AddressNumber.Of(subnet.BaseAddress)];
        if (Family == AddressFamily.InterNetwork)
        {
            _excluded.Add(AddressNumber.Last(subnet));
        }

        if (gateway is not null)
        {
            _excluded.Add(AddressNumber.Of(gateway));
        }
    }

    public IPNetwork Subnet { get; }

    public IPAddress? Gateway { get; }

    public IReadOnlyList<AddressBlock> Blocks { get; }

    public AddressFamily Family => Subnet.BaseAddress.AddressFamily;

    /// <summary>Whether the address is in a range, draining or not: an allocation there is still valid.</summary>
    public bool Contains(IPAddress address) => address.AddressFamily == Family && Blocks.Any(b => b.Contains(AddressNumber.Of(address)));

    /// <summary>The pod's address in CIDR form: with the subnet's prefix length, not the range's.</summary>
    public string Cidr(IPAddress address) => $"{address}/{Subnet.PrefixLength}";

    /// <summary>
    /// The first address neither used nor excluded, searching round-robin from just after <paramref name="lastReserved"/>
    /// (host-local's way): an address just freed is the last to be given again. Null when every address is taken.
    /// </summary>
    public IPAddress? NextFree(IReadOnlySet<UInt128> used, UInt128? lastReserved)
    {
        foreach (var candidate in RoundRobin(lastReserved))
        {
            if (!used.Contains(candidate) && !_excluded.Contains(candidate))
            {
                return AddressNumber.ToAddress(candidate, Family);
            }
        }

        return null;
    }

    /// <summary>How many addresses an ADD could still get from this family.</summary>
    public UInt128 FreeCount(IReadOnlySet<UInt128> used)
    {
        UInt128 free = 0;
        foreach (var block in Blocks.Where(b => !b.Draining))
        {
            var taken = used.Concat(_excluded).Distinct().Count(block.Contains);
            free += block.Last - block.First + 1 - (UInt128)taken;
        }

        return free;
    }

    private IEnumerable<UInt128> RoundRobin(UInt128? lastReserved)
    {
        var active = Blocks.Where(b => !b.Draining).ToList();
        var start = lastReserved is { } last ? active.FindIndex(b => b.Contains(last)) : -1;
        if (start < 0)
        {
            return active.SelectMany(b => Walk(b.First, b.Last));
        }

        var resume = lastReserved!.Value;
        var block = active[start];
        var rest = resume == block.Last ? [] : Walk(resume + 1, block.Last);
        return rest
            .Concat(active.Skip(start + 1).SelectMany(b => Walk(b.First, b.Last)))
            .Concat(active.Take(start).SelectMany(b => Walk(b.First, b.Last)))
            .Concat(Walk(block.First, resume));
    }

    private static IEnumerable<UInt128> Walk(UInt128 first, UInt128 last)
    {
        for (var address = first; ; address++)
        {
            yield return address;
            if (address == last)
            {
                yield break;
            }
        }
    }
}
