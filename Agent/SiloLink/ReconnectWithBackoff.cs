using AwsMultiEni.Client.Connection;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// Keeps the Orleans client trying to reach a gateway at start, however long the silos are away:
/// an agent that gave up would leave its node unmanaged until someone restarted it.
/// </summary>
public sealed partial class ReconnectWithBackoff(NodeLinkStatus status, ILogger<ReconnectWithBackoff> logger) : IClientConnectionRetryFilter
{
    private int _failures;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        status.Down(exception.Message);
        var wait = ConnectBackoff.After(Interlocked.Increment(ref _failures));
        LogNoGateway(wait.TotalSeconds, exception.Message);
        await Task.Delay(wait, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo gateway answered; trying again in {Seconds} s: {Error}")]
    private partial void LogNoGateway(double seconds, string error);
}
