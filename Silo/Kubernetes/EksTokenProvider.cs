using System.Net.Http.Headers;
using Amazon.Runtime;
using k8s.Authentication;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// Supplies the EKS token to KubernetesClient. A token is accepted for about 15 minutes; it is
/// reminted after <see cref="RefreshAfter"/> so a request never carries one near its end.
/// </summary>
public sealed class EksTokenProvider(EksClusterSettings cluster, AWSCredentials credentials, TimeProvider clock) : ITokenProvider
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset MintedAt)? _current;

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        return new AuthenticationHeaderValue("Bearer", await GetTokenAsync(cancellationToken));
    }

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (_current is not { } current || now - current.MintedAt >= RefreshAfter)
            {
                var identity = await credentials.GetCredentialsAsync();
                current = (EksToken.Create(cluster.ClusterName, cluster.Region, identity, now), now);
                _current = current;
            }

            return current.Token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
