using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AwsMultiEni.Silo.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>Registers the cluster connections and their metrics (meter <see cref="KubernetesMetrics.MeterName"/>).</summary>
    public static IServiceCollection AddClusterConnections(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KubernetesMetrics>();
        services.TryAddSingleton<IClusterConnectionFactory, ClusterConnectionFactory>();
        services.TryAddSingleton<ClusterConnections>();
        return services;
    }
}
