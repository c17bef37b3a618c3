using AwsMultiEni.Silo.Aws;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Opens the connection to one cluster; a seam for whoever needs to observe or interrupt the API calls.</summary>
public interface IClusterConnectionFactory
{
    IClusterConnection Create(ClusterConnectionSettings settings);
}

/// <summary>
/// The real connection: a KubernetesClient for the cluster's settings, its EKS token signed with the cluster's role when
/// it names one (session <c>awsmultieni-{cluster}</c>), else with the silo's own credentials (the same as its EC2 calls).
/// </summary>
internal sealed class ClusterConnectionFactory(IOptions<WatchSettings> watch, KubernetesMetrics metrics, ILoggerFactory loggers, TimeProvider clock, AwsIdentities identities)
    : IClusterConnectionFactory
{
    public IClusterConnection Create(ClusterConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var credentials = settings.Eks switch
        {
            { Role: { } role } eks => identities.For(eks.Region, role, RoleArn.SessionName(settings.Name)),
            not null => identities.Own,
            null => null,
        };
        return ClusterConnection.Create(settings, watch.Value, metrics, loggers, clock, credentials);
    }
}
