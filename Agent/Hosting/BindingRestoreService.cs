using AwsMultiEni.Agent.Pci;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Hosting;

/// <summary>
/// At agent start, before any desired set arrives, puts back the DPDK bindings the state file
/// records: a reboot handed them to the kernel driver, a crash may have left one half done.
/// </summary>
public sealed partial class BindingRestoreService(PciBinder binder, ILogger<BindingRestoreService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await binder.RestoreAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is PciBindingException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            LogRestoreFailed(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restore the recorded PCI bindings")]
    private partial void LogRestoreFailed(Exception exception);
}
