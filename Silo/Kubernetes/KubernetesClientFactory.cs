using System.Security.Cryptography.X509Certificates;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using k8s;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Builds the KubernetesClient for one cluster from its settings, with request metrics wired in.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(ClusterConnectionSettings settings, KubernetesMetrics metrics, TimeProvider clock, AWSCredentials? awsCredentials)
    {
        settings.Validate();
        var configuration = settings switch
        {
            { KubeconfigPath: { } path } => KubernetesClientConfiguration.BuildConfigFromConfigFile(path, settings.KubeconfigContext),
            { InCluster: true } => KubernetesClientConfiguration.InClusterConfig(),
            { Eks: { } eks } => ForEks(eks, awsCredentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(), clock),
            _ => throw new ArgumentException($"Cluster '{settings.Name}' has no connection source."),
        };
        return new k8s.Kubernetes(configuration, new RequestMetricsHandler(settings.Name, metrics));
    }

    private static KubernetesClientConfiguration ForEks(EksClusterSettings eks, AWSCredentials credentials, TimeProvider clock)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(eks.CertificateAuthority)));
        return new KubernetesClientConfiguration
        {
            Host = eks.Endpoint.AbsoluteUri,
            SslCaCerts = authorities,
            TokenProvider = new EksTokenProvider(eks, credentials, clock),
        };
    }
}
