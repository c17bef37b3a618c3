using System.Diagnostics.Metrics;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>OpenTelemetry instruments of the agent: its applies, the interfaces they reached, and the silo link.</summary>
public sealed class AgentMetrics
{
    public const string MeterName = "AwsMultiEni.Agent";

    private readonly Counter<long> _applies;
    private readonly Counter<long> _applyErrors;
    private long _desired;
    private long _converged;
    private double _lastDuration;

    public AgentMetrics(IMeterFactory meters, NodeLinkStatus link)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(link);
        var meter = meters.Create(MeterName);
        _applies = meter.CreateCounter<long>("agent.applies", "{apply}", "Desired sets applied to the node.");
        _applyErrors = meter.CreateCounter<long>("agent.apply.errors", "{apply}", "Applies that left at least one interface short of its desired state.");
        meter.CreateObservableGauge("agent.interfaces.desired", () => Interlocked.Read(ref _desired), "{interface}", "Interfaces in the last applied desired set.");
        meter.CreateObservableGauge("agent.interfaces.converged", () => Interlocked.Read(ref _converged), "{interface}", "Interfaces the last apply brought to their desired state.");
        meter.CreateObservableGauge("agent.apply.duration", () => Volatile.Read(ref _lastDuration), "s", "How long the last apply took.");
        meter.CreateObservableGauge("agent.silo.connected", () => link.Connected ? 1 : 0, null, "1 while the last call to the NodeGrain went through, else 0.");
        meter.CreateObservableCounter("agent.pushes", () => link.Pushes, "{set}", "Desired sets the NodeGrain pushed to this agent.");
        meter.CreateObservableCounter("agent.reads", () => link.Reads, "{set}", "Desired sets this agent read from its NodeGrain.");
    }

    public void Applied(NodeInterfaceReport report, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(report);
        var converged = report.Interfaces.Count(i => i.Error is null);
        Interlocked.Exchange(ref _desired, report.Interfaces.Count);
        Interlocked.Exchange(ref _converged, converged);
        Volatile.Write(ref _lastDuration, duration.TotalSeconds);
        _applies.Add(1);
        if (converged < report.Interfaces.Count)
        {
            _applyErrors.Add(1);
        }
    }
}
