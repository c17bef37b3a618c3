using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// A role's temporary credentials from STS <c>AssumeRole</c>, signed with the silo's own credentials, asked again
/// <see cref="RefreshBefore"/> their expiry so that no request, and no EKS token minted from them, carries credentials
/// about to lapse. One AssumeRole at a time; callers in between share the answer.
/// </summary>
public sealed class AssumedRoleCredentials(IAmazonSecurityTokenService sts, MemberRole role, string sessionName, TimeSpan duration, TimeProvider clock)
    : AWSCredentials, IDisposable
{
    /// <summary>
    /// How long before expiry credentials are renewed: as long as an EKS token is accepted (15 minutes), so that no token
    /// minted from them, used until its own refresh, is replayed to STS after they lapsed.
    /// </summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(15);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ImmutableCredentials Credentials, DateTimeOffset Expires)? _current;

    // The SDK's async pipeline asks GetCredentialsAsync; this serves its few synchronous callers.
    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_current is { } current && clock.GetUtcNow() < current.Expires - RefreshBefore)
            {
                return current.Credentials;
            }

            var fresh = await AssumeAsync().ConfigureAwait(false);
            _current = fresh;
            return fresh.Credentials;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        sts.Dispose();
        _gate.Dispose();
    }

    private async Task<(ImmutableCredentials Credentials, DateTimeOffset Expires)> AssumeAsync()
    {
        var requestedAt = clock.GetUtcNow();
        AssumeRoleResponse response;
        try
        {
            response = await sts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = role.Arn,
                ExternalId = role.ExternalId,
                RoleSessionName = sessionName,
                DurationSeconds = (int)duration.TotalSeconds,
            }).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.ErrorCode is not null)
        {
            throw new AssumeRoleFailedException(role.Arn, ex.ErrorCode, ex.Message, ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException or TaskCanceledException)
        {
            throw new AssumeRoleFailedException(role.Arn, null, ex.Message, ex);
        }

        // STS grants the duration asked or refuses; timed on this process's clock, which a skewed STS clock cannot move.
        var credentials = response.Credentials;
        var expires = requestedAt + duration;
        return (new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), expires);
    }
}
