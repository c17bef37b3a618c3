using System.Diagnostics.Metrics;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// Counts the grain state writes of every silo in this process from Orleans' own storage instrument (one
/// <c>orleans-storage-write-latency</c> measurement per completed write), whatever the storage provider.
/// </summary>
internal sealed class GrainStateWriteCounter : IDisposable
{
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string WriteInstrument = "orleans-storage-write-latency";
    private readonly MeterListener _listener = new();
    private int _writes;

    public GrainStateWriteCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrleansMeter && instrument.Name == WriteInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _writes));
        _listener.Start();
    }

    /// <summary>Writes so far.</summary>
    public int Writes => Volatile.Read(ref _writes);

    public void Dispose() => _listener.Dispose();
}
