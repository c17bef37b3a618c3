namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// The <c>coordination.k8s.io/v1</c> Lease by which one silo set manages a cluster: whoever holds it unexpired may watch
/// and change the cluster, and nobody else. Writes carry the resourceVersion they read, so two contenders never both win.
/// </summary>
public interface IClusterLease
{
    /// <summary>
    /// Takes the lease for <paramref name="holder"/> when it is free, expired or already <paramref name="holder"/>'s, and
    /// renews it for <paramref name="duration"/>; otherwise (held by another and unexpired, or taken by another in between)
    /// leaves it alone and says who holds it until when.
    /// </summary>
    Task<LeaseClaim> TryAcquireAsync(string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up when <paramref name="holder"/> still holds it, so a successor need not wait for it to expire.</summary>
    Task ReleaseAsync(string holder, CancellationToken cancellationToken);
}

/// <summary>The lease as the last attempt left it: whether the caller holds it, who does, and until when (renew time plus duration).</summary>
public sealed record LeaseClaim(bool Held, string Holder, DateTimeOffset Until);
