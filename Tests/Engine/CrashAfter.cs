using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A gateway that lets the first call of one EC2 action reach EC2 and then never answers, as if its silo
/// died after the side effect and before the grain wrote it down. <see cref="CrashSignal.Crashed"/> says
/// which silo and which resource.
/// </summary>
internal sealed class CrashAfter(IEc2Gateway inner, string silo, string action, CrashSignal signal) : IEc2Gateway
{
    public const string Create = "CreateNetworkInterface";
    public const string Attach = "AttachNetworkInterface";
    public const string SetDeleteOnTermination = "ModifyNetworkInterfaceAttribute";
    public const string Detach = "DetachNetworkInterface";
    public const string Delete = "DeleteNetworkInterface";

    public async Task<Ec2NetworkInterface> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken = default)
    {
        var eni = await inner.CreateNetworkInterfaceAsync(request, cancellationToken);
        return await ThenAsync(Create, eni.NetworkInterfaceId, eni);
    }

    public async Task<string> AttachNetworkInterfaceAsync(string networkInterfaceId, string instanceId, int deviceIndex, CancellationToken cancellationToken = default) =>
        await ThenAsync(Attach, networkInterfaceId, await inner.AttachNetworkInterfaceAsync(networkInterfaceId, instanceId, deviceIndex, cancellationToken));

    public async Task SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, bool deleteOnTermination, CancellationToken cancellationToken = default)
    {
        await inner.SetDeleteOnTerminationAsync(networkInterfaceId, attachmentId, deleteOnTermination, cancellationToken);
        await ThenAsync(SetDeleteOnTermination, networkInterfaceId, true);
    }

    public Task SetSecurityGroupsAsync(string networkInterfaceId, IReadOnlyCollection<string> securityGroupIds, CancellationToken cancellationToken = default) =>
        inner.SetSecurityGroupsAsync(networkInterfaceId, securityGroupIds, cancellationToken);

    public Task SetDescriptionAsync(string networkInterfaceId, string description, CancellationToken cancellationToken = default) =>
        inner.SetDescriptionAsync(networkInterfaceId, description, cancellationToken);

    public Task TagNetworkInterfaceAsync(string networkInterfaceId, EniTags tags, CancellationToken cancellationToken = default) =>
        inner.TagNetworkInterfaceAsync(networkInterfaceId, tags, cancellationToken);

    public async Task<Ec2Outcome> DetachNetworkInterfaceAsync(string attachmentId, bool force, CancellationToken cancellationToken = default) =>
        await ThenAsync(Detach, attachmentId, await inner.DetachNetworkInterfaceAsync(attachmentId, force, cancellationToken));

    public async Task<Ec2Outcome> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        await ThenAsync(Delete, networkInterfaceId, await inner.DeleteNetworkInterfaceAsync(networkInterfaceId, cancellationToken));

    public Task<Ec2Resolution<Ec2Subnet>> ResolveSubnetsAsync(IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default) =>
        inner.ResolveSubnetsAsync(idsOrNames, cancellationToken);

    public Task<Ec2Resolution<Ec2SecurityGroup>> ResolveSecurityGroupsAsync(string vpcId, IReadOnlyCollection<string> idsOrNames, CancellationToken cancellationToken = default) =>
        inner.ResolveSecurityGroupsAsync(vpcId, idsOrNames, cancellationToken);

    public Task<Ec2Instance?> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.DescribeInstanceAsync(instanceId, cancellationToken);

    public Task<int?> GetMaxNetworkInterfacesAsync(string instanceType, CancellationToken cancellationToken = default) =>
        inner.GetMaxNetworkInterfacesAsync(instanceType, cancellationToken);

    public Task<Ec2NetworkInterface?> DescribeNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken = default) =>
        inner.DescribeNetworkInterfaceAsync(networkInterfaceId, cancellationToken);

    public Task<IReadOnlyList<Ec2NetworkInterface>> DescribeFleetNetworkInterfacesAsync(string? cluster, CancellationToken cancellationToken = default) =>
        inner.DescribeFleetNetworkInterfacesAsync(cluster, cancellationToken);

    private async Task<T> ThenAsync<T>(string called, string resource, T result)
    {
        if (called == action && signal.TryFire(silo, resource))
        {
            await signal.Never;
        }

        return result;
    }
}

/// <summary>Fires once, across every silo's gateway.</summary>
internal sealed class CrashSignal : IAsyncDisposable
{
    private readonly TaskCompletionSource<(string Silo, string Resource)> _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(string Silo, string Resource)> Crashed => _crashed.Task;

    /// <summary>Completes only when the test ends, failing the call it held.</summary>
    public Task Never => _never.Task;

    public bool TryFire(string silo, string resource) => _crashed.TrySetResult((silo, resource));

    /// <summary>Ends the hung call, once its silo is gone for good.</summary>
    public ValueTask DisposeAsync()
    {
        _never.TrySetException(new OperationCanceledException("The simulated crash is over."));
        return ValueTask.CompletedTask;
    }
}
