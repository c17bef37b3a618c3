namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// A page of attachment rows: those matching every word of <see cref="Text"/> (in cluster, NodeENI, node, instance,
/// ENI ID, subnet or status), narrowed to one cluster, NodeENI or node, or to problems, sorted and cut server-side.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentQuery
{
    public const int MaxTake = 500;

    [Id(0)]
    public string? Text { get; init; }

    [Id(1)]
    public bool ProblemsOnly { get; init; }

    [Id(2)]
    public string? Cluster { get; init; }

    [Id(3)]
    public string? NodeEni { get; init; }

    [Id(4)]
    public string? Node { get; init; }

    [Id(5)]
    public AttachmentSort Sort { get; init; }

    [Id(6)]
    public bool Descending { get; init; }

    [Id(7)]
    public int Skip { get; init; }

    [Id(8)]
    public int Take { get; init; } = 100;
}

/// <summary>What a page is sorted by; ties are broken by cluster, NodeENI, node and device index.</summary>
public enum AttachmentSort
{
    Cluster,
    NodeEni,
    Node,
    Instance,
    Eni,
    Subnet,
    DeviceIndex,
    Status,
    LastUpdated,

    /// <summary>Failed before progressing, then the oldest first: the order of the problems view.</summary>
    Problem,
}

/// <summary>One page of a query, and how many rows match it in all.</summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentPage([property: Id(0)] int Total, [property: Id(1)] IReadOnlyList<AttachmentRow> Rows)
{
    public static AttachmentPage Empty { get; } = new(0, []);
}
