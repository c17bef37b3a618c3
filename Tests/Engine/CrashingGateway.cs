using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Engine;

/// <summary>One silo's EC2 gateway, dying at <paramref name="point"/>; describes and resolves pass straight through.</summary>
internal sealed class CrashingGateway(IEc2Gateway inner, string silo, CrashPoint point) : IEc2Gateway
{
    public Task<Ec2NetworkInterface> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken = default) =>
        point.AroundAsync(silo, CrashPoint.Create, () => inner.CreateNetworkInterfaceAsync(request, cancellationToken), cancellationToken);

    public Task<string> AttachNetworkInterfaceAsync(string networkInterfaceId, string instanceId, int deviceIndex, CancellationToken cancellationToken = default) =>
        point.AroundAsync(silo, CrashPoint.Attach, () => inner.AttachNetworkInterfaceAsync(networkInterfaceId, instanceId, deviceIndex, cancellationToken), cancellationToken);

    public Task SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, bool deleteOnTermination, CancellationToken cancellationToken = default) =>
        point.AroundAsync(silo, CrashPoint.SetDeleteOnTermination, () => inner.SetDeleteOnTerminationAsync(networkInterfaceId, attachmentId, deleteOnTermination, cancellationToken), cancellationToken);

    public Task<Ec2Outcome> DetachNetworkInterfaceAsync(string attachmentId, bool force, CancellationToken cancellationToken = default) =>
        point.AroundAsync(silo, CrashPoint.Detach, () => inner.DetachNetworkInterfaceAsync(attachmentId, force, cancellationToken), cancellationToken);

    public Task<Ec2Outcome> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        point.AroundAsync(silo, CrashPoint.Delete, () => inner.DeleteNetworkInterfaceAsync(networkInterfaceId, cancellationToken), cancellationToken);

    public Task SetSecurityGroupsAsync(string networkInterfaceId, IReadOnlyCollection<string> securityGroupIds, CancellationToken cancellationToken = default) =>
        inner.SetSecurityGroupsAsync(networkInterfaceId, securityGroupIds, cancellationToken);

    public Task SetDescriptionAsync(string networkInterfaceId, string description, CancellationToken cancellationToken = default) =>
        inner.SetDescriptionAsync(networkInterfaceId, description, cancellationToken);

    public Task TagNetworkInterfaceAsync(string networkInterfaceId, EniTags tags, CancellationToken cancellationToken = default) =>
        inner.TagNetworkInterfaceAsync(networkInterfaceId, tags, cancellationToken);

    public Task<Ec2Resolution<Ec2Subnet>> ResolveSubnetsAsync(IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default) =>
        inner.ResolveSubnetsAsync(idsOrNames, cancellationToken);

    public Task<Ec2Resolution<Ec2SecurityGroup>> ResolveSecurityGroupsAsync(string vpcId, IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default) =>
        inner.ResolveSecurityGroupsAsync(vpcId, idsOrNames, cancellationToken);

    public Task<Ec2Instance?> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.DescribeInstanceAsync(instanceId, cancellationToken);

    public Task<int?> GetMaxNetworkInterfacesAsync(string instanceType, CancellationToken cancellationToken = default) =>
        inner.GetMaxNetworkInterfacesAsync(instanceType, cancellationToken);

    public Task<Ec2InstanceTypeLimits?> GetInstanceTypeLimitsAsync(string instanceType, CancellationToken cancellationToken = default) =>
        inner.GetInstanceTypeLimitsAsync(instanceType, cancellationToken);

    public Task<EniAddresses> AssignAddressesAsync(string networkInterfaceId, AddressCounts counts, CancellationToken cancellationToken = default) =>
        point.AroundAsync(silo, CrashPoint.AssignAddresses, () => inner.AssignAddressesAsync(networkInterfaceId, counts, cancellationToken), cancellationToken);

    public Task<Ec2Outcome> UnassignAddressesAsync(string networkInterfaceId, EniAddresses addresses, CancellationToken cancellationToken = default) =>
        point.AroundAsync(silo, CrashPoint.UnassignAddresses, () => inner.UnassignAddressesAsync(networkInterfaceId, addresses, cancellationToken), cancellationToken);

    public Task<Ec2NetworkInterface?> DescribeNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        inner.DescribeNetworkInterfaceAsync(networkInterfaceId, cancellationToken);

    public Task<IReadOnlyList<Ec2NetworkInterface>> DescribeAttachmentNetworkInterfacesAsync(string attachmentKey, CancellationToken cancellationToken = default) =>
        inner.DescribeAttachmentNetworkInterfacesAsync(attachmentKey, cancellationToken);

    public Task<IReadOnlyList<Ec2NetworkInterface>> DescribeFleetNetworkInterfacesAsync(string? cluster, CancellationToken cancellationToken = default) =>
        inner.DescribeFleetNetworkInterfacesAsync(cluster, cancellationToken);
}
