namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// One CreateNetworkInterface. <see cref="ClientToken"/> comes from <see cref="EniClientToken.For"/>, so a
/// retry after a crash returns the ENI the first attempt created instead of a second one. <see cref="Addresses"/> are
/// created with the ENI (<c>Ipv4PrefixCount</c>, <c>SecondaryPrivateIpAddressCount</c>, <c>Ipv6PrefixCount</c>), so the
/// ClientToken covers them too.
/// </summary>
public sealed record CreateEniRequest(string SubnetId, IReadOnlyList<string> SecurityGroupIds, string? Description, string ClientToken, EniTags Tags, AddressCounts? Addresses = null);
