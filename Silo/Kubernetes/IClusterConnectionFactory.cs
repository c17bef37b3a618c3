using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Opens the connection to one cluster; a seam for whoever needs to observe or interrupt the API calls.</summary>
public interface IClusterConnectionFactory
{
    IClusterConnection Create(ClusterConnectionSettings settings);
}

/// <summary>The real connection: a KubernetesClient for the cluster's settings.</summary>
internal sealed class ClusterConnectionFactory(IOptions<WatchSettings> watch, KubernetesMetrics metrics, ILoggerFactory loggers, TimeProvider clock) : IClusterConnectionFactory
{
    public IClusterConnection Create(ClusterConnectionSettings settings) => ClusterConnection.Create(settings, watch.Value, metrics, loggers, clock);
}
