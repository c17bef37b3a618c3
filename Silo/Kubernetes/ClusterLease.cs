using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// Leader election on one Lease, as client-go's resource lock does it: read, then create (409 when another created it
/// first) or replace with the read's resourceVersion (409 when another wrote it first). A lease is taken over only once
/// its <c>renewTime</c> plus <c>leaseDurationSeconds</c> has passed on this silo's clock, so the silo sets' clocks must
/// agree to well within the duration (NTP, the Amazon Time Sync Service).
/// </summary>
internal sealed class ClusterLease(IKubernetes client, string ns, string name, TimeProvider clock) : IClusterLease
{
    public async Task<LeaseClaim> TryAcquireAsync(string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var seconds = (int)Math.Ceiling(duration.TotalSeconds);
        var current = await ReadAsync(cancellationToken);
        try
        {
            if (current is null)
            {
                var created = new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                    Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = seconds, AcquireTime = now.UtcDateTime, RenewTime = now.UtcDateTime, LeaseTransitions = 0 },
                };
                return Claim(await client.CoordinationV1.CreateNamespacedLeaseAsync(created, ns, cancellationToken: cancellationToken), holder);
            }

            var spec = current.Spec ??= new V1LeaseSpec();
            var claim = Claim(current, holder);
            if (!claim.Held && spec.HolderIdentity is { Length: > 0 } && claim.Until > now)
            {
                return claim;
            }

            if (!claim.Held)
            {
                spec.AcquireTime = now.UtcDateTime;
                spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
            }

            spec.HolderIdentity = holder;
            spec.LeaseDurationSeconds = seconds;
            spec.RenewTime = now.UtcDateTime;
            return Claim(await client.CoordinationV1.ReplaceNamespacedLeaseAsync(current, name, ns, cancellationToken: cancellationToken), holder);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another contender wrote first: it holds the lease now (or will have to contend again), never both of us.
            var winner = await ReadAsync(cancellationToken);
            return winner is null ? new LeaseClaim(false, string.Empty, now) : Claim(winner, holder) with { Held = false };
        }
    }

    public async Task ReleaseAsync(string holder, CancellationToken cancellationToken)
    {
        if (await ReadAsync(cancellationToken) is not { Spec: { } spec } current || spec.HolderIdentity != holder)
        {
            return;
        }

        // client-go's release: no holder, renewed now for one second, so any contender may take it at once.
        spec.HolderIdentity = null;
        spec.LeaseDurationSeconds = 1;
        spec.RenewTime = clock.GetUtcNow().UtcDateTime;
        try
        {
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(current, name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Someone else has written it since: it is no longer ours to release.
        }
    }

    private async Task<V1Lease?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static LeaseClaim Claim(V1Lease lease, string holder)
    {
        var spec = lease.Spec;
        var renewed = spec?.RenewTime ?? spec?.AcquireTime ?? DateTime.MinValue;
        var utc = renewed.Kind == DateTimeKind.Local ? renewed.ToUniversalTime() : DateTime.SpecifyKind(renewed, DateTimeKind.Utc);
        var until = new DateTimeOffset(utc).AddSeconds(spec?.LeaseDurationSeconds ?? 0);
        return new LeaseClaim(spec?.HolderIdentity == holder, spec?.HolderIdentity ?? string.Empty, until);
    }
}
