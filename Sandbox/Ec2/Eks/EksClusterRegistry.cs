using System.Collections.Concurrent;

namespace AwsMultiEni.Sandbox.Ec2.Eks;

/// <summary>The EKS clusters the emulated account has, by name, as <c>eks:DescribeCluster</c> reports them.</summary>
public sealed class EksClusterRegistry
{
    private readonly ConcurrentDictionary<string, EksClusterRecord> _clusters = new(StringComparer.Ordinal);

    public void Add(string name, Uri endpoint, string certificateAuthority) => _clusters[name] = new EksClusterRecord(name, endpoint, certificateAuthority);

    public EksClusterRecord? Find(string name) => _clusters.GetValueOrDefault(name);
}

/// <summary>One EKS cluster: its API server endpoint and the base64 PEM of its CA.</summary>
public sealed record EksClusterRecord(string Name, Uri Endpoint, string CertificateAuthority);
