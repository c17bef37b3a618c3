namespace AwsMultiEni.Abstractions.Fleet;

/// <summary>
/// The IAM role the silo assumes for a cluster in another account, with the external ID that role's trust policy
/// asks for (<c>sts:ExternalId</c>): only whoever was told the ID can make the silo act in that account, so a
/// registration naming someone else's role is refused by STS (the confused-deputy guard).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MemberRole([property: Id(0)] string Arn, [property: Id(1)] string? ExternalId = null);
