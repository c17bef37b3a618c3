using AwsMultiEni.Agent.Netlink;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AwsMultiEni.Agent.Hosting;

/// <summary>
/// /healthz turns Unhealthy once the link monitor stopped for good: no ENI that appears afterwards would be applied
/// until a resync, and a restart (a new socket in a new process) is what cures it.
/// </summary>
public sealed class LinkMonitorHealthCheck(LinkMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            monitor.Failure is { } failure
                ? HealthCheckResult.Unhealthy($"The link monitor stopped ({failure}): interfaces that appear are not noticed until the agent restarts.")
                : HealthCheckResult.Healthy("Listening to link notifications."));
}
