using AwsMultiEni.Agent.Pci;

namespace AwsMultiEni.Tests.Agent;

/// <summary>For binder tests on the sysfs layout alone, whose interfaces exist in no kernel: none is in use.</summary>
internal sealed class NothingInUse : IInterfaceUsage
{
    public Task<string?> InUseAsync(string interfaceName, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
