using Microsoft.Extensions.Hosting;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// Runs the <see cref="NodeLink"/> once the host has started, that is once the recorded PCI bindings
/// are restored and the Orleans client reached a gateway, so no apply races the restore.
/// </summary>
public sealed class NodeLinkService(NodeLink link, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await link.RunAsync(stoppingToken);
    }
}
