using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>Captures the counters of the meters one <see cref="IMeterFactory"/> created.</summary>
internal sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricsProbe(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        _listener.Start();
    }

    /// <summary>The total of a counter over the measurements whose tags include all of <paramref name="tags"/>.</summary>
    public long Total(string name, params (string Key, string Value)[] tags) =>
        _measurements
            .Where(m => m.Name == name && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value))
            .Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
