using k8s;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Sriov;

/// <summary>Picks how the device plugin is restarted: through the API server only when running in a pod that knows its node.</summary>
public static class DevicePluginRestarters
{
    public static IDevicePluginRestarter For(string? nodeName, string pluginNamespace, string pluginLabels, TextWriter fallback, ILoggerFactory logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        return KubernetesClientConfiguration.IsInCluster() && nodeName is { Length: > 0 }
            ? new KubernetesDevicePluginRestarter(
                new Kubernetes(KubernetesClientConfiguration.InClusterConfig()),
                new DevicePluginPodSelector(nodeName, pluginNamespace, pluginLabels),
                logging.CreateLogger<KubernetesDevicePluginRestarter>())
            : new SkippedDevicePluginRestarter(fallback);
    }
}
