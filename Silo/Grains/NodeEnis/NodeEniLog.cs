using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

internal static partial class NodeEniLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "NodeENI {Key}: {Nodes} node(s) planned, {Problems} problem(s)")]
    public static partial void Reconciled(ILogger logger, string key, int nodes, int problems);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "NodeENI {Key}: every ENI released; finalizer removed")]
    public static partial void FinalizerRemoved(ILogger logger, string key);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "NodeENI {Key}: EC2 failed while resolving the spec")]
    public static partial void ResolveFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "NodeENI {Key}: node {Node} is missing from the node list but the API server still has it; its ENIs are kept")]
    public static partial void KeptUnlistedNode(ILogger logger, string key, string node);

    [LoggerMessage(EventId = 5220, Level = LogLevel.Warning, Message = "NodeENI {Key}: ENI {EniId} listed in status is not adopted: {Why}")]
    public static partial void NotAdopted(ILogger logger, string key, string eniId, string why);

    [LoggerMessage(EventId = 5221, Level = LogLevel.Warning, Message = "NodeENI {Key}: EC2 failed while adopting ENI {EniId}")]
    public static partial void AdoptionFailed(ILogger logger, Exception exception, string key, string eniId);
}
