namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>Pod addresses in use on one ENI, per range, as its node's IPAM store shows them.</summary>
[GenerateSerializer, Immutable]
public sealed record AddressUsage([property: Id(0)] IReadOnlyList<RangeUsage> Ranges)
{
    public int InUse => Ranges.Sum(r => r.InUse);

    // Compared by content: an agent's resync that finds the same allocations is not a change to write or act on.
    public bool Equals(AddressUsage? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    public override int GetHashCode() => Ranges.Count;
}
