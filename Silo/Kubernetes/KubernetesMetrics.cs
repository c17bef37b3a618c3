using System.Diagnostics.Metrics;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// The Kubernetes side's instruments, named like client-go's and controller-runtime's so that
/// existing dashboards read them: requests by verb and code, watch restarts, events received
/// and write conflicts, each tagged with the cluster.
/// </summary>
public sealed class KubernetesMetrics : IDisposable
{
    public const string MeterName = "AwsMultiEni.Kubernetes";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _watchEvents;
    private readonly Counter<long> _conflicts;

    public KubernetesMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("rest_client_requests_total", description: "Kubernetes API requests by verb and HTTP code");
        _watchRestarts = _meter.CreateCounter<long>("kubernetes_watch_restarts_total", description: "Watch streams restarted, by reason");
        _watchEvents = _meter.CreateCounter<long>("kubernetes_watch_events_total", description: "Watch events received, by type");
        _conflicts = _meter.CreateCounter<long>("kubernetes_write_conflicts_total", description: "Writes refused with 409 Conflict and retried on fresh state");
    }

    public void Request(string cluster, string verb, string code) =>
        _requests.Add(1, new("cluster", cluster), new("verb", verb), new("code", code));

    public void WatchRestart(string cluster, string resource, string reason) =>
        _watchRestarts.Add(1, new("cluster", cluster), new("resource", resource), new("reason", reason));

    public void WatchEvent(string cluster, string resource, string type) =>
        _watchEvents.Add(1, new("cluster", cluster), new("resource", resource), new("type", type));

    public void Conflict(string cluster, string resource) =>
        _conflicts.Add(1, new("cluster", cluster), new("resource", resource));

    public void Dispose() => _meter.Dispose();
}
