using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>Ready once this silo is an Active member of its cluster, so traffic and rollouts wait for the join.</summary>
internal sealed class SiloJoinedHealthCheck(IClusterMembershipService membership, ILocalSiloDetails localSilo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {localSilo.SiloAddress} is Active.")
            : HealthCheckResult.Unhealthy($"Silo {localSilo.SiloAddress} is {status}, not yet Active."));
    }
}
