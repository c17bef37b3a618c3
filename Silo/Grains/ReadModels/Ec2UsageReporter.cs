using System.Diagnostics.Metrics;
using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Silo.Aws;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>
/// Sums this silo's EC2 instruments (<see cref="Ec2Metrics"/>: calls, throttles, token waits) by throttling bucket and
/// sends the sums to the fleet index every <see cref="ReportPeriod"/>, for the dashboard's last hour. It listens only
/// to the meters of this silo's own meter factory, so silos sharing a process are counted once each.
/// </summary>
internal sealed partial class Ec2UsageReporter(IMeterFactory meters, IGrainFactory grains, TimeProvider clock, ILogger<Ec2UsageReporter> logger) : BackgroundService
{
    public static readonly TimeSpan ReportPeriod = TimeSpan.FromSeconds(10);

    /// <summary>A wait shorter than this is taking a token that was there, not waiting for one.</summary>
    private static readonly double WaitedSeconds = 0.001;

    private readonly Lock _sync = new();
    private Dictionary<string, Ec2BucketUsage> _since = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Ec2Metrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        listener.Start();

        using var timer = new PeriodicTimer(ReportPeriod, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Dictionary<string, Ec2BucketUsage> usage;
            lock (_sync)
            {
                (usage, _since) = (_since, new Dictionary<string, Ec2BucketUsage>(StringComparer.Ordinal));
            }

            if (usage.Count == 0)
            {
                continue;
            }

            try
            {
                await grains.GetGrain<IFleetIndex>(IFleetIndexGrain.Key).RecordEc2Usage(clock.GetUtcNow(), [.. usage.Values]);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The silo is starting or stopping: these figures are lost for the chart, the next ones are not.
                LogNotReported(logger, ex);
            }
        }
    }

    private void Count(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? action = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "action")
            {
                action = tag.Value as string;
            }
        }

        if (action is null)
        {
            return;
        }

        var bucket = Ec2ThrottleBuckets.BucketOf(action);
        var usage = instrument switch
        {
            "ec2.calls" => new Ec2BucketUsage(bucket, (long)value, 0, 0, 0),
            "ec2.throttles" => new Ec2BucketUsage(bucket, 0, (long)value, 0, 0),
            "ec2.token.wait" when value >= WaitedSeconds => new Ec2BucketUsage(bucket, 0, 0, 1, value),
            _ => null,
        };
        if (usage is null)
        {
            return;
        }

        lock (_sync)
        {
            _since[bucket] = _since.TryGetValue(bucket, out var sum) ? sum.Plus(usage) : usage;
        }
    }

    [LoggerMessage(EventId = 5501, Level = LogLevel.Debug, Message = "EC2 use not reported to the fleet index")]
    private static partial void LogNotReported(ILogger logger, Exception exception);
}
