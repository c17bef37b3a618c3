namespace AwsMultiEni.Abstractions.Fleet;

/// <summary>
/// How the fleet reaches one cluster: exactly one of a kubeconfig file, the in-cluster service
/// account, or an EKS cluster (endpoint, CA and an IAM token the silo mints), plus the AWS
/// region whose EC2 API owns its nodes' ENIs, and optionally the IAM role the silo assumes for that cluster's EC2 calls and
/// EKS token (a cluster in another account).
/// </summary>
[GenerateSerializer]
public sealed record ClusterRegistration
{
    [Id(0)]
    public required string Name { get; init; }

    [Id(1)]
    public required string Region { get; init; }

    [Id(2)]
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use; its current context when null.</summary>
    [Id(3)]
    public string? KubeconfigContext { get; init; }

    [Id(4)]
    public bool InCluster { get; init; }

    [Id(5)]
    public EksClusterRegistration? Eks { get; init; }

    /// <summary>
    /// The role (<c>arn:aws:iam::ACCOUNT:role/NAME</c>) the silo assumes, from its own credentials, for this cluster's
    /// EC2 calls and EKS token; the silo's own credentials when null.
    /// </summary>
    [Id(6)]
    public string? RoleArn { get; init; }

    /// <summary>The external ID the role's trust policy requires (<c>sts:ExternalId</c>), passed on every AssumeRole.</summary>
    [Id(7)]
    public string? ExternalId { get; init; }

    /// <summary>The role with its external ID; null when the cluster uses the silo's own credentials.</summary>
    public MemberRole? Role => RoleArn is null ? null : new MemberRole(RoleArn, ExternalId);
}

/// <summary>An EKS cluster as <c>aws eks describe-cluster</c> reports it.</summary>
/// <param name="ClusterName">The EKS cluster name, signed into the token as <c>x-k8s-aws-id</c>.</param>
/// <param name="Endpoint">The API server URL.</param>
/// <param name="CertificateAuthority">The base64 PEM of the cluster CA (<c>certificateAuthority.data</c>).</param>
/// <param name="SkipEndpointCheck">
/// Unsafe: accept <paramref name="Endpoint"/> and <paramref name="CertificateAuthority"/> without asking EKS
/// (<c>eks:DescribeCluster</c>) whether they are the cluster's; the silo then sends its EKS token wherever they point.
/// </param>
[GenerateSerializer]
public sealed record EksClusterRegistration(
    [property: Id(0)] string ClusterName,
    [property: Id(1)] Uri Endpoint,
    [property: Id(2)] string CertificateAuthority,
    [property: Id(3)] bool SkipEndpointCheck = false);
