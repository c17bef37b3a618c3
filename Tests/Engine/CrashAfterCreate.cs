using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A gateway that, once armed, lets the first CreateNetworkInterface reach EC2 and then never answers, as
/// if its silo died between EC2 creating the ENI and the grain writing it down. <see cref="Crashed"/>
/// says which silo and which ENI.
/// </summary>
internal sealed class CrashAfterCreate(IEc2Gateway inner, string silo, CrashSignal signal) : IEc2Gateway
{
    public async Task<Ec2NetworkInterface> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken = default)
    {
        var eni = await inner.CreateNetworkInterfaceAsync(request, cancellationToken);
        if (signal.TryFire(silo, eni.NetworkInterfaceId))
        {
            await signal.Never;
        }

        return eni;
    }

    public Task<Ec2Resolution<Ec2Subnet>> ResolveSubnetsAsync(IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default) =>
        inner.ResolveSubnetsAsync(idsOrNames, cancellationToken);

    public Task<Ec2Resolution<Ec2SecurityGroup>> ResolveSecurityGroupsAsync(string vpcId, IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default) =>
        inner.ResolveSecurityGroupsAsync(vpcId, idsOrNames, cancellationToken);

    public Task<Ec2Instance?> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.DescribeInstanceAsync(instanceId, cancellationToken);

    public Task<int?> GetMaxNetworkInterfacesAsync(string instanceType, CancellationToken cancellationToken = default) =>
        inner.GetMaxNetworkInterfacesAsync(instanceType, cancellationToken);

    public Task<string> AttachNetworkInterfaceAsync(string networkInterfaceId, string instanceId, int deviceIndex, CancellationToken cancellationToken = default) =>
        inner.AttachNetworkInterfaceAsync(networkInterfaceId, instanceId, deviceIndex, cancellationToken);

    public Task SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, bool deleteOnTermination, CancellationToken cancellationToken = default) =>
        inner.SetDeleteOnTerminationAsync(networkInterfaceId, attachmentId, deleteOnTermination, cancellationToken);

    public Task<Ec2Outcome> DetachNetworkInterfaceAsync(string attachmentId, bool force, CancellationToken cancellationToken = default) =>
        inner.DetachNetworkInterfaceAsync(attachmentId, force, cancellationToken);

    public Task<Ec2Outcome> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        inner.DeleteNetworkInterfaceAsync(networkInterfaceId, cancellationToken);

    public Task<Ec2NetworkInterface?> DescribeNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        inner.DescribeNetworkInterfaceAsync(networkInterfaceId, cancellationToken);

    public Task<IReadOnlyList<Ec2NetworkInterface>> DescribeFleetNetworkInterfacesAsync(string? cluster, CancellationToken cancellationToken = default) =>
        inner.DescribeFleetNetworkInterfacesAsync(cluster, cancellationToken);
}

/// <summary>Fires once, across every silo's gateway.</summary>
internal sealed class CrashSignal
{
    private readonly TaskCompletionSource<(string Silo, string EniId)> _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(string Silo, string EniId)> Crashed => _crashed.Task;

    /// <summary>Completes only when the test ends, failing the call it held.</summary>
    public Task Never => _never.Task;

    public bool TryFire(string silo, string eniId) => _crashed.TrySetResult((silo, eniId));

    public void Release() => _never.TrySetException(new OperationCanceledException("The simulated crash is over."));
}
