namespace AwsMultiEni.Agent.Sriov;

/// <summary>
/// Makes this node's SR-IOV device plugin read its config again. The plugin reads it only at
/// start-up, so the real implementation deletes the plugin's pod on this node and lets its
/// DaemonSet start a new one.
/// </summary>
public interface IDevicePluginRestarter
{
    Task RestartAsync(CancellationToken cancellationToken);
}
