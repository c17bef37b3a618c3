using System.Diagnostics.Metrics;

namespace AwsMultiEni.Silo.Aws;

/// <summary>OpenTelemetry instruments of the EC2 gateway, tagged by EC2 action (and error code).</summary>
public sealed class Ec2Metrics
{
    public const string MeterName = "AwsMultiEni.Ec2";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _throttles;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _tokenWait;

    public Ec2Metrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("ec2.calls", "{call}", "EC2 API calls sent, retries included.");
        _errors = meter.CreateCounter<long>("ec2.errors", "{error}", "EC2 API calls that returned an error, by error code.");
        _throttles = meter.CreateCounter<long>("ec2.throttles", "{call}", "EC2 API calls EC2 throttled.");
        _latency = meter.CreateHistogram<double>("ec2.call.duration", "s", "Time EC2 took to answer one call.");
        _tokenWait = meter.CreateHistogram<double>("ec2.token.wait", "s", "Time a call waited for a request-budget token.");
    }

    public void Called(string action, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("action", action);
        _calls.Add(1, tag);
        _latency.Record(latency.TotalSeconds, tag);
    }

    public void Failed(string action, string errorCode, Ec2ErrorKind kind)
    {
        _errors.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("code", errorCode));
        if (kind == Ec2ErrorKind.Throttled)
        {
            _throttles.Add(1, new KeyValuePair<string, object?>("action", action));
        }
    }

    public void WaitedForToken(string action, TimeSpan waited) =>
        _tokenWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("action", action));
}
