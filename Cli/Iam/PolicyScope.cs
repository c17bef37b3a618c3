namespace AwsMultiEni.Cli.Iam;

/// <summary>
/// Where one install's IAM policy applies: the partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>), the account
/// that owns the resources, the regions its clusters run in, and optionally the VPCs their ENIs live in.
/// </summary>
internal sealed record PolicyScope(string Partition, string Account, IReadOnlyList<string> Regions, IReadOnlyList<string> Vpcs)
{
    /// <summary>The resource ARNs of <paramref name="service"/> for <paramref name="resource"/> (<c>table/X</c>), one per region.</summary>
    public IEnumerable<string> Arns(string service, string resource) => Regions.Select(region => $"arn:{Partition}:{service}:{region}:{Account}:{resource}");

    public IReadOnlyList<string> VpcArns() => [.. Vpcs.SelectMany(vpc => Arns("ec2", "vpc/" + vpc))];
}
