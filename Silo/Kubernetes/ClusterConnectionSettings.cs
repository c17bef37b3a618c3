using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// How to reach one registered cluster: exactly one of a kubeconfig file, the in-cluster
/// service account, or an EKS cluster (endpoint, CA and an IAM token minted by the silo).
/// </summary>
public sealed record ClusterConnectionSettings(string Name)
{
    public string? KubeconfigPath { get; init; }

    /// <summary>The kubeconfig context to use; its current context when null.</summary>
    public string? KubeconfigContext { get; init; }

    public bool InCluster { get; init; }

    public EksClusterSettings? Eks { get; init; }

    public void Validate()
    {
        var sources = (KubeconfigPath is null ? 0 : 1) + (InCluster ? 1 : 0) + (Eks is null ? 0 : 1);
        if (sources != 1)
        {
            throw new ArgumentException($"Cluster '{Name}' needs exactly one of Kubeconfig, InCluster or Eks; it has {sources}.");
        }
    }
}

/// <summary>An EKS cluster as <c>aws eks describe-cluster</c> reports it.</summary>
/// <param name="ClusterName">The EKS cluster name, signed into the token as <c>x-k8s-aws-id</c>.</param>
/// <param name="Endpoint">The API server URL.</param>
/// <param name="CertificateAuthority">The base64 PEM of the cluster CA (<c>certificateAuthority.data</c>).</param>
/// <param name="Region">The region whose STS endpoint the token is presigned for.</param>
/// <param name="Role">The role whose assumed credentials sign the token; the silo's own credentials when null.</param>
public sealed record EksClusterSettings(string ClusterName, Uri Endpoint, string CertificateAuthority, string Region, MemberRole? Role = null);
