using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Grains.Clusters;

internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Cluster {Cluster}: watching from silo {Silo}")]
    public static partial void Watching(ILogger logger, string cluster, string silo);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Resource} watch stopped")]
    public static partial void WatchStopped(ILogger logger, string cluster, string resource);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Cluster {Cluster}: cannot connect; retrying at the next reminder tick")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string cluster);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Cluster {Cluster}: owned by silo set {Holder} until {Until}; not watched, checked again each renew interval")]
    public static partial void OwnedElsewhere(ILogger logger, string cluster, string holder, DateTimeOffset until);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Cluster {Cluster}: lease taken by silo set {Holder} until {Until}; watching stopped")]
    public static partial void LeaseLost(ILogger logger, string cluster, string holder, DateTimeOffset until);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "Cluster {Cluster}: renewing the lease failed")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string cluster);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Warning, Message = "Cluster {Cluster}: releasing the lease failed; it expires instead")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string cluster);
}
