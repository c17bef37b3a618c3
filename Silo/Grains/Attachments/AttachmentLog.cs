using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Grains.Attachments;

internal static partial class AttachmentLog
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Attachment {Key}: {SubnetId} {From} -> {To} ({EniId})")]
    public static partial void Transition(ILogger logger, string key, string subnetId, EniPhase from, EniPhase to, string? eniId);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Attachment {Key}: {SubnetId} stopped in {Phase}: {Reason}")]
    public static partial void Stuck(ILogger logger, string key, string subnetId, EniPhase phase, string reason);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Attachment {Key}: EC2 call failed in {Phase}")]
    public static partial void Ec2Failed(ILogger logger, Exception exception, string key, EniPhase phase);

    [LoggerMessage(EventId = 5320, Level = LogLevel.Information, Message = "Attachment {Key}: {SubnetId} adopted {EniId}, found in EC2 by its tags, at {Phase}")]
    public static partial void Adopted(ILogger logger, string key, string subnetId, string eniId, EniPhase phase);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Warning, Message = "Attachment {Key}: instance {InstanceId} is terminated; releasing its ENIs")]
    public static partial void InstanceGone(ILogger logger, string key, string instanceId);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Warning, Message = "Attachment {Key}: the node's agent did not report {EniId} torn down within {Timeout}; detaching it anyway")]
    public static partial void TeardownTimedOut(ILogger logger, string key, string? eniId, TimeSpan timeout);
}
