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
    /// watchers reading <see cref="WatchSettings"/> from <c>Kubernetes:Watch</c>, and where and how each cluster's Lease
    /// is held (<see cref="ClusterLeaseSettings"/>, <c>Fleet:Lease</c>).
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
        services.AddOptions<ClusterLeaseSettings>()
            .Bind(configuration.GetSection(ClusterLeaseSettings.SectionName))
            .Validate(
                l => l.Namespace.Length > 0 && l.Name.Length > 0 && l.Duration >= TimeSpan.FromSeconds(1) && l.RenewInterval > TimeSpan.Zero && l.RenewInterval * 2 <= l.Duration,
                "Fleet:Lease: Namespace and Name must be set, Duration at least one second, and RenewInterval positive and at most half of Duration.")
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
