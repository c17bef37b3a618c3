using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Grains.Drift;

internal static partial class DriftLog
{
    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Cluster {Cluster}: the drift check's describe failed; trying again next interval")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string cluster);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Cluster {Cluster}: deleted orphaned ENI {EniId} (attachment {AttachmentKey})")]
    public static partial void OrphanDeleted(ILogger logger, string cluster, string eniId, string? attachmentKey);
}
