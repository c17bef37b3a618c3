namespace AwsMultiEni.Ipam;

/// <summary>
/// <c>{dataDir}/{interface}/ranges.json</c> as the agent writes it (atomically): the addresses of the ENI behind one
/// master interface. docs/ipam.md is the contract.
/// </summary>
internal sealed record InterfaceRanges
{
    public string? Interface { get; init; }

    public string? EniId { get; init; }

    public FamilyRanges? Ipv4 { get; init; }

    public FamilyRanges? Ipv6 { get; init; }

    public IReadOnlyList<RouteEntry>? Routes { get; init; }
}

internal sealed record FamilyRanges
{
    public string? Subnet { get; init; }

    public string? Gateway { get; init; }

    public IReadOnlyList<RangeEntry>? Ranges { get; init; }
}

/// <summary>A prefix or a single address (/32, /128) of the ENI; a draining one gives no new addresses.</summary>
internal sealed record RangeEntry
{
    public string? Cidr { get; init; }

    public bool Draining { get; init; }
}

internal sealed record RouteEntry
{
    public string? Dst { get; init; }

    public string? Gw { get; init; }
}
