using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// The credentials a cluster's AWS calls are signed with when it names a role (multi-account): the role's, assumed with
/// STS <c>AssumeRole</c> in the cluster's region from the silo's own credentials (a registered <see cref="AWSCredentials"/>,
/// else the SDK's default chain: IRSA, Pod Identity, …), one refreshing session per role (with its external ID), region and session name.
/// </summary>
public sealed class AwsIdentities(TimeProvider clock, AWSCredentials? own = null, AwsServiceUrls? urls = null) : IDisposable
{
    /// <summary>STS's default session length; refreshed <see cref="AssumedRoleCredentials.RefreshBefore"/> its end.</summary>
    public static readonly TimeSpan SessionDuration = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Region, MemberRole Role, string Session), Lazy<AssumedRoleCredentials>> _roles = new();
    private readonly Lazy<AWSCredentials> _own = new(() => own ?? DefaultAWSCredentialsIdentityResolver.GetCredentials());

    /// <summary>The silo's own credentials, resolved on first use.</summary>
    public AWSCredentials Own => _own.Value;

    /// <summary>The role's credentials for calls made in <paramref name="region"/>, under the STS session name <paramref name="session"/>.</summary>
    public AssumedRoleCredentials For(string region, MemberRole role, string session) =>
        _roles.GetOrAdd((region, role, session), key => new Lazy<AssumedRoleCredentials>(() => Assume(key.Region, key.Role, key.Session))).Value;

    /// <summary>Assumes the role now (or reuses fresh credentials), so a registration learns at once that STS refuses it.</summary>
    /// <exception cref="AssumeRoleFailedException">STS refused the role or could not be reached.</exception>
    public async Task CheckAsync(string region, MemberRole role, string session) => await For(region, role, session).GetCredentialsAsync();

    public void Dispose()
    {
        foreach (var role in _roles.Values.Where(r => r.IsValueCreated))
        {
            role.Value.Dispose();
        }
    }

    private AssumedRoleCredentials Assume(string region, MemberRole role, string session)
    {
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        if (urls?.Sts is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }

        var sts = new AmazonSecurityTokenServiceClient(Own, config);
        return new AssumedRoleCredentials(sts, role, session, SessionDuration, clock);
    }
}
