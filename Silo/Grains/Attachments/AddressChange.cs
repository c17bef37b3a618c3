namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// A change of an ENI's pod addresses in flight, written before the EC2 call: AssignPrivateIpAddresses has no
/// ClientToken, so after a crash the attachment describes the ENI and adopts what the lost call assigned instead of
/// assigning twice. An assign names the totals the ENI holds once done; a return names the one range going back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AddressChange(
    [property: Id(0)] int Ipv4Units,
    [property: Id(1)] int Ipv6Prefixes,
    [property: Id(2)] string? Returning,
    [property: Id(3)] DateTimeOffset Since);
