using AwsMultiEni.Agent.SiloLink;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AwsMultiEni.Tests.Agent;

/// <summary>/healthz tells the kubelet the truth: degraded while no silo answers (a restart would not help), unhealthy once the apply loop stopped (a restart does).</summary>
public sealed class NodeLinkHealthCheckTests
{
    [Fact]
    public async Task Healthy_when_linked_degraded_without_a_silo_and_unhealthy_once_the_apply_loop_stopped()
    {
        var status = new NodeLinkStatus(TimeProvider.System);
        var check = new NodeLinkHealthCheck(status);

        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
        status.Up();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
        status.ApplyLoopStopped("boom");
        var stopped = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("boom", stopped.Description, StringComparison.Ordinal);
    }
}
