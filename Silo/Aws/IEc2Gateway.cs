namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// The EC2 operations the grains need, in the grains' own terms. Implementations share the region's
/// request budget, batch concurrent describes, and retry throttling and 5xx; anything else surfaces as
/// <see cref="Ec2RequestException"/> with EC2's code and message.
/// </summary>
public interface IEc2Gateway
{
    /// <summary>Subnets by ID (<c>subnet-…</c>) or by <c>Name</c> tag; references that match nothing are listed as unresolved.</summary>
    Task<Ec2Resolution<Ec2Subnet>> ResolveSubnetsAsync(IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default);

    /// <summary>Security groups of <paramref name="vpcId"/> by ID (<c>sg-…</c>), group name or <c>Name</c> tag.</summary>
    Task<Ec2Resolution<Ec2SecurityGroup>> ResolveSecurityGroupsAsync(string vpcId, IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default);

    /// <summary>One instance, or null when EC2 does not know it. Concurrent calls are batched.</summary>
    Task<Ec2Instance?> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Maximum network interfaces of an instance type, or null for a type EC2 does not know. Cached.</summary>
    Task<int?> GetMaxNetworkInterfacesAsync(string instanceType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Limits of an instance type, or null for a type EC2 does not know. Cached like <see cref="GetMaxNetworkInterfacesAsync"/>:
    /// both read one DescribeInstanceTypes lookup per type.
    /// </summary>
    Task<Ec2InstanceTypeLimits?> GetInstanceTypeLimitsAsync(string instanceType, CancellationToken cancellationToken = default);

    /// <summary>Creates (or, for a ClientToken seen before, returns again) a tagged ENI.</summary>
    Task<Ec2NetworkInterface> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken = default);

    /// <summary>Attaches an ENI at a device index; returns the attachment ID. The attachment is <c>attaching</c> at first.</summary>
    Task<string> AttachNetworkInterfaceAsync(string networkInterfaceId, string instanceId, int deviceIndex, CancellationToken cancellationToken = default);

    /// <summary>Sets DeleteOnTermination on an attachment (AttachNetworkInterface has no such parameter).</summary>
    Task SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, bool deleteOnTermination, CancellationToken cancellationToken = default);

    /// <summary>Replaces the ENI's security groups in place (ModifyNetworkInterfaceAttribute changes one attribute per call).</summary>
    Task SetSecurityGroupsAsync(string networkInterfaceId, IReadOnlyCollection<string> securityGroupIds, CancellationToken cancellationToken = default);

    /// <summary>Replaces the ENI's description in place.</summary>
    Task SetDescriptionAsync(string networkInterfaceId, string description, CancellationToken cancellationToken = default);

    /// <summary>Adds the fleet's tag set to an ENI created elsewhere (CreateTags overwrites keys it names, keeps the rest).</summary>
    Task TagNetworkInterfaceAsync(string networkInterfaceId, EniTags tags, CancellationToken cancellationToken = default);

    /// <summary>Starts a detach; the ENI becomes <c>available</c> later.</summary>
    Task<Ec2Outcome> DetachNetworkInterfaceAsync(string attachmentId, bool force, CancellationToken cancellationToken = default);

    Task<Ec2Outcome> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds addresses to an ENI; returns what this call assigned. No ClientToken exists for it: callers describe and adopt on
    /// retry. Each kind is its own EC2 call (AssignPrivateIpAddresses for prefixes, then for secondary IPs, AssignIpv6Addresses
    /// for IPv6 prefixes), so a failure part way leaves the earlier kinds assigned. EC2's refusals surface as
    /// <see cref="Ec2RequestException"/>: <c>InsufficientCidrBlocks</c> and <c>PrivateIpAddressLimitExceeded</c> as
    /// <see cref="Ec2ErrorKind.LimitExceeded"/>, prefixes on a non-Nitro type as <c>InvalidParameterValue</c>.
    /// </summary>
    Task<EniAddresses> AssignAddressesAsync(string networkInterfaceId, AddressCounts counts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes exactly these addresses; AlreadyGone when EC2 says none of them is assigned (or the ENI is gone). When only
    /// some are gone, removes the rest and answers Done.
    /// </summary>
    Task<Ec2Outcome> UnassignAddressesAsync(string networkInterfaceId, EniAddresses addresses, CancellationToken cancellationToken = default);

    /// <summary>One ENI, or null when EC2 does not know it. Concurrent calls are batched.</summary>
    Task<Ec2NetworkInterface?> DescribeNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every ENI tagged with <paramref name="attachmentKey"/> (<see cref="EniTags.AttachmentKeyKey"/>), however it
    /// got there: how an attachment finds its ENIs again after losing its state. Concurrent calls are batched.
    /// </summary>
    Task<IReadOnlyList<Ec2NetworkInterface>> DescribeAttachmentNetworkInterfacesAsync(string attachmentKey, CancellationToken cancellationToken = default);

    /// <summary>Every ENI tagged as owned by the fleet for <paramref name="cluster"/> (every cluster when null), all pages.</summary>
    Task<IReadOnlyList<Ec2NetworkInterface>> DescribeFleetNetworkInterfacesAsync(string? cluster, CancellationToken cancellationToken = default);
}
