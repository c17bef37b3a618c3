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
}
