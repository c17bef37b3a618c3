namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// One block of pod addresses on an ENI: a delegated prefix (<c>10.0.1.16/28</c>) or a single secondary IP
/// (<c>10.0.1.9/32</c>). A draining range is on its way back to EC2: the node allocates nothing new from it, and the
/// fleet unassigns it once the node reports it empty.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AddressRange([property: Id(0)] string Cidr, [property: Id(1)] bool Draining = false);
