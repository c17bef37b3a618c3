using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Aws;

/// <summary>What EKS itself says about a cluster (<c>eks:DescribeCluster</c>), with no AWSSDK type in sight.</summary>
public interface IEksClusters
{
    /// <summary>
    /// The cluster named <paramref name="clusterName"/> in <paramref name="region"/>, asked with the credentials of
    /// <paramref name="role"/> when it names one (the cluster's account), else with the silo's own.
    /// </summary>
    /// <exception cref="EksRequestException">EKS refused or could not be reached, or does not know the cluster.</exception>
    Task<EksClusterFacts> DescribeAsync(string region, string clusterName, MemberRole? role, CancellationToken cancellationToken);
}

/// <summary>A cluster's API server as EKS reports it: its endpoint and the base64 PEM of its CA (<c>certificateAuthority.data</c>).</summary>
public sealed record EksClusterFacts(string Name, Uri Endpoint, string CertificateAuthority);
