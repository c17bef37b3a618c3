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

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Cluster {Cluster}: the drift check's describe failed; trying again next interval")]
    public static partial void DriftCheckFailed(ILogger logger, Exception exception, string cluster);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Cluster {Cluster}: deleted orphaned ENI {EniId} (attachment {AttachmentKey})")]
    public static partial void OrphanDeleted(ILogger logger, string cluster, string eniId, string? attachmentKey);
}
