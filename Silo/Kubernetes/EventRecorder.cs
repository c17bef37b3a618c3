using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// core/v1 Events, de-duplicated like client-go's event correlator: the same object, type,
/// reason and message within <see cref="DeduplicationWindow"/> bumps <c>count</c> and
/// <c>lastTimestamp</c> of the existing Event instead of creating another one.
/// Events are best effort: a failure is logged, never thrown at the reconcile that recorded it.
/// </summary>
internal sealed partial class EventRecorder(string cluster, IKubernetes client, TimeProvider clock, ILogger logger) : IEventRecorder
{
    public const string Component = "awsmultieni";
    public static readonly TimeSpan DeduplicationWindow = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Subject, EventSeverity Severity, string Reason, string Message), RecordedEvent> _recent = new();

    public async Task RecordAsync(EventSubject subject, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!UpperCamelCase().IsMatch(reason))
        {
            // Automation switches on reasons, so a malformed one is a bug to surface, not an event to write.
            throw new ArgumentException($"Event reason '{reason}' must be UpperCamelCase, like ENIAttached.", nameof(reason));
        }

        var key = ($"{subject.Kind}/{subject.Namespace}/{subject.Name}/{subject.Uid}", severity, reason, message);
        var now = clock.GetUtcNow();
        var ns = subject.Namespace ?? "default";
        Forget(now);
        try
        {
            if (_recent.TryGetValue(key, out var previous)
                && await TryBumpAsync(ns, previous, now, cancellationToken) is { } bumped)
            {
                _recent[key] = bumped;
                return;
            }

            var name = $"{subject.Name}.{now.ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture)}{Random.Shared.Next(0x1000):x3}";
            var created = new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = subject.ApiVersion,
                    Kind = subject.Kind,
                    Name = subject.Name,
                    Uid = subject.Uid,
                    NamespaceProperty = subject.Namespace,
                },
                Type = severity.ToString(),
                Reason = reason,
                Message = message,
                Count = 1,
                FirstTimestamp = now.UtcDateTime,
                LastTimestamp = now.UtcDateTime,
                Source = new V1EventSource { Component = Component },
                ReportingComponent = Component,
                ReportingInstance = Environment.MachineName,
            };
            await client.CoreV1.CreateNamespacedEventAsync(created, ns, cancellationToken: cancellationToken);
            _recent[key] = new RecordedEvent(name, 1, now);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            KubernetesLog.EventFailed(logger, ex, cluster, reason);
        }
    }

    /// <summary>Drops what is past the de-duplication window, so the cache holds only recent events.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, recorded) in _recent)
        {
            if (now - recorded.LastSeen >= DeduplicationWindow)
            {
                _recent.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Bumps the count of an earlier Event; null when it is gone (expired or deleted), so a new one is created.</summary>
    private async Task<RecordedEvent?> TryBumpAsync(string ns, RecordedEvent previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = previous.Count + 1;
        var patch = $$"""{"count":{{count}},"lastTimestamp":"{{now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}"}""";
        try
        {
            await client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), previous.Name, ns, cancellationToken: cancellationToken);
            return previous with { Count = count, LastSeen = now };
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private sealed record RecordedEvent(string Name, int Count, DateTimeOffset LastSeen);

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex UpperCamelCase();
}
