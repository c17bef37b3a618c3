using k8s;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Sriov;

/// <summary>
/// Deletes the device plugin pod(s) on this node only: the list is narrowed by the field selector
/// <c>spec.nodeName</c> and by the plugin's labels, so other nodes' plugins keep running.
/// Needs only <c>list</c> and <c>delete</c> on pods in the plugin's namespace.
/// </summary>
public sealed partial class KubernetesDevicePluginRestarter(
    IKubernetes kubernetes,
    DevicePluginPodSelector selector,
    ILogger<KubernetesDevicePluginRestarter> logger) : IDevicePluginRestarter
{
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var pods = await kubernetes.CoreV1.ListNamespacedPodAsync(
            selector.Namespace,
            fieldSelector: $"spec.nodeName={selector.NodeName}",
            labelSelector: selector.LabelSelector,
            cancellationToken: cancellationToken);
        foreach (var pod in pods.Items)
        {
            LogRestarting(pod.Metadata.Name, selector.NodeName);
            await kubernetes.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, selector.Namespace, cancellationToken: cancellationToken);
        }

        if (pods.Items.Count == 0)
        {
            LogNoPod(selector.Namespace, selector.LabelSelector, selector.NodeName);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restarting SR-IOV device plugin pod {Pod} on node {Node} so it reads its new config")]
    private partial void LogRestarting(string pod, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No SR-IOV device plugin pod in namespace {Namespace} with labels {Labels} on node {Node}; nothing to restart")]
    private partial void LogNoPod(string @namespace, string labels, string node);
}
