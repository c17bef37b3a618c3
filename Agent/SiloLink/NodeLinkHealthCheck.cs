using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// /healthz: Degraded (still HTTP 200) while no silo answers, since restarting the agent cannot bring a
/// silo back and the node keeps its last applied state meanwhile; the text says since when and why. Unhealthy
/// only when the apply loop stopped, which a restart does cure.
/// </summary>
public sealed class NodeLinkHealthCheck(NodeLinkStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            status.ApplyLoopFailure is { } failure ? HealthCheckResult.Unhealthy($"The apply loop stopped ({failure}): no desired set is applied until the agent restarts.")
            : status.Connected ? HealthCheckResult.Healthy($"Linked to the NodeGrain since {status.Since:O}.")
            : HealthCheckResult.Degraded($"No silo reached since {status.Since:O}: {status.LastError ?? "not connected yet"}"));
}
