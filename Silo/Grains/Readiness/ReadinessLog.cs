using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Grains.Readiness;

internal static partial class ReadinessLog
{
    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Node {Node} of cluster {Cluster} is ready for its secondary network ({NodeEnis} NodeENIs): startup taint removed")]
    public static partial void NodeReady(ILogger logger, string cluster, string node, int nodeEnis);
}
