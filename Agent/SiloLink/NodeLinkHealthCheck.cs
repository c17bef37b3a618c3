using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// /healthz: Degraded (still HTTP 200) while no silo answers, since restarting the agent cannot bring a
/// silo back and the node keeps its last applied state meanwhile; the text says since when and why.
/// </summary>
public sealed class NodeLinkHealthCheck(NodeLinkStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Connected
            ? HealthCheckResult.Healthy($"Linked to the NodeGrain since {status.Since:O}.")
            : HealthCheckResult.Degraded($"No silo reached since {status.Since:O}: {status.LastError ?? "not connected yet"}"));
}
