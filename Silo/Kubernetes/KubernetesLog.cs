using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Kubernetes;

internal static partial class KubernetesLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Cluster {Cluster}: listed {Count} {Resource} in {Pages} page(s) at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string cluster, int count, string resource, int pages, string resourceVersion);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Resource} watch or list snapshot expired (410 Gone); relisting")]
    public static partial void WatchExpired(ILogger logger, string cluster, string resource);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Cluster {Cluster}: {Resource} watch failed; retrying in {Delay}")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string cluster, string resource, TimeSpan delay);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Cluster {Cluster}: handling {Kind} of {Resource} {Name} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string cluster, ResourceChangeKind kind, string resource, string name);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Cluster {Cluster}: {Resource} {Name} changed under us (409 Conflict); retrying on fresh state")]
    public static partial void WriteConflict(ILogger logger, string cluster, string resource, string name);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Cluster {Cluster}: recording event {Reason} failed")]
    public static partial void EventFailed(ILogger logger, Exception exception, string cluster, string reason);
}
