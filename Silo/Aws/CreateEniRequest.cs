namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// One CreateNetworkInterface. <see cref="ClientToken"/> comes from <see cref="EniClientToken.For"/>, so a
/// retry after a crash returns the ENI the first attempt created instead of a second one.
/// </summary>
public sealed record CreateEniRequest(string SubnetId, IReadOnlyList<string> SecurityGroupIds, string? Description, string ClientToken, EniTags Tags);
