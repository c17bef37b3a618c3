namespace AwsMultiEni.Agent.Sriov;

/// <summary>Used without a Kubernetes connection (one-shot mode off-cluster): says the restart is the operator's to do.</summary>
public sealed class SkippedDevicePluginRestarter(TextWriter output) : IDevicePluginRestarter
{
    public async Task RestartAsync(CancellationToken cancellationToken) =>
        await output.WriteLineAsync(
            "agent: the SR-IOV device plugin config changed, but there is no Kubernetes connection (not in a pod, or NODE_NAME unset): restart this node's device plugin pod yourself so it reads the new config.".AsMemory(),
            cancellationToken);
}
