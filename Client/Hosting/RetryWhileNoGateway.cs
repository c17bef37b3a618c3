using AwsMultiEni.Client.Connection;
using Microsoft.Extensions.Logging;
using Orleans;

namespace AwsMultiEni.Client.Hosting;

/// <summary>
/// Keeps the client's start trying while no gateway answers (silos restarting, a rollout), backing off, until
/// <see cref="FleetClientOptions.ConnectTimeout"/> would be exceeded by the next wait.
/// </summary>
internal sealed partial class RetryWhileNoGateway(FleetClientOptions options, TimeProvider clock, ILogger<RetryWhileNoGateway> logger) : IClientConnectionRetryFilter
{
    private readonly long _started = clock.GetTimestamp();
    private int _failures;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var wait = ConnectBackoff.After(Interlocked.Increment(ref _failures));
        if (options.ConnectTimeout is { } limit && clock.GetElapsedTime(_started) + wait > limit)
        {
            LogGaveUp(options.GatewaySource(), limit.TotalSeconds, exception.Message);
            return false;
        }

        LogNoGateway(options.GatewaySource(), wait.TotalSeconds, exception.Message);
        await Task.Delay(wait, clock, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No fleet gateway answered at {Gateways}; trying again in {Seconds} s: {Error}")]
    private partial void LogNoGateway(string gateways, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "No fleet gateway answered at {Gateways} within {Seconds} s: {Error}")]
    private partial void LogGaveUp(string gateways, double seconds, string error);
}
