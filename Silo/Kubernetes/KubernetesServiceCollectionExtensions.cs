using AwsMultiEni.Silo.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AwsMultiEni.Silo.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>A watch's timer cannot wait longer than about 49 days; a resync rarer than monthly heals nothing in time anyway.</summary>
    private static readonly TimeSpan MaxResyncPeriod = TimeSpan.FromDays(30);

    /// <summary>
    /// Registers the cluster connections and their metrics (meter <see cref="KubernetesMetrics.MeterName"/>), their
    /// watchers reading <see cref="WatchSettings"/> from <c>Kubernetes:Watch</c>.
    /// </summary>
    public static IServiceCollection AddClusterConnections(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WatchSettings>()
            .Bind(configuration.GetSection(WatchSettings.SectionName))
            .Validate(
                w => w.TimeoutSeconds >= 1 && w.InitialBackoff > TimeSpan.Zero && w.MaxBackoff >= w.InitialBackoff
                    && w.PageSize >= 1 && w.ResyncPeriod > TimeSpan.Zero && w.ResyncPeriod <= MaxResyncPeriod,
                "Kubernetes:Watch: TimeoutSeconds and PageSize must be at least 1, InitialBackoff positive, MaxBackoff at least InitialBackoff, ResyncPeriod positive and at most 30 days.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KubernetesMetrics>();
        services.TryAddSingleton<AwsIdentities>();
        services.TryAddSingleton<IClusterConnectionFactory, ClusterConnectionFactory>();
        services.TryAddSingleton<ClusterConnections>();
        return services;
    }
}
