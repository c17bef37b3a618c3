using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AwsMultiEni.Security;
using AwsMultiEni.Silo.Grains.Clusters;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Security;

/// <summary>
/// Asks a registered cluster who a token belongs to, through the silo's connection to it, and remembers accepted
/// tokens for <see cref="SecuritySettings.ReviewCacheDuration"/>, keyed by a hash of cluster and token (a token is never
/// kept or logged as such). Refusals are not remembered: a pod that starts later may present the same token.
/// </summary>
internal sealed class CallerReviews(
    IGrainFactory grains, ClusterConnections connections, IOptions<SecuritySettings> settings, TimeProvider clock, ILogger<CallerReviews> logger)
{
    private const int KeptAtMost = 4096;
    private static readonly TimeSpan ReviewTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (TokenReviewAnswer Answer, DateTimeOffset Until)> _accepted = new(StringComparer.Ordinal);

    public async Task<TokenReviewAnswer> ReviewAsync(string cluster, string token)
    {
        var key = Hash(cluster + "\n" + token);
        var now = clock.GetUtcNow();
        if (_accepted.TryGetValue(key, out var kept) && kept.Until > now)
        {
            return kept.Answer;
        }

        var registration = await grains.GetGrain<IClusterWatch>(cluster).GetRegistration();
        if (registration is null)
        {
            return TokenReviewAnswer.Refused($"cluster '{cluster}' is not registered with the fleet");
        }

        var connection = await connections.GetAsync(registration.ToConnectionSettings());
        using var timeout = new CancellationTokenSource(ReviewTimeout);
        var answer = await connection.TokenReviews.ReviewAsync(token, [CallerToken.Audience], timeout.Token);
        var tokenHash = Hash(token)[..12];
        if (!answer.Authenticated)
        {
            SecurityLog.NotAccepted(logger, tokenHash, cluster, answer.Error);
            return answer;
        }

        SecurityLog.Reviewed(logger, tokenHash, cluster, answer.User);
        if (_accepted.Count >= KeptAtMost)
        {
            foreach (var stale in _accepted.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
            {
                _accepted.TryRemove(stale, out _);
            }
        }

        _accepted[key] = (answer, now + settings.Value.ReviewCacheDuration);
        return answer;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
