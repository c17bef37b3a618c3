using AwsMultiEni.Abstractions.NodeEnis;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>The <c>Ready</c> condition, keeping its transition time while its status stays the same.</summary>
internal static class ReadyCondition
{
    public static NodeEniCondition For(NodeEni current, long? observedGeneration, string status, string reason, string message, DateTimeOffset now)
    {
        var previous = current.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready);
        return new NodeEniCondition
        {
            Type = NodeEniCondition.Ready,
            Status = status,
            Reason = reason,
            Message = message,
            LastTransitionTime = previous?.Status == status && previous.LastTransitionTime is { } since ? since : now,
            ObservedGeneration = observedGeneration,
        };
    }

    /// <summary>
    /// The status for <paramref name="current"/>: the attachments (bounded), their summary, and Ready as
    /// <paramref name="problems"/> and progress say, both for the spec of <paramref name="reconciledGeneration"/>. The
    /// object read back may carry a newer spec not reconciled yet: its generation is not observed, whatever the
    /// attachments of the older plan say.
    /// </summary>
    public static NodeEniStatus Status(
        NodeEni current, long? reconciledGeneration, IReadOnlyList<EniAttachmentStatus> attachments, AttachmentSummary summary, IReadOnlyList<NodeProblem> problems, bool converged, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(attachments);
        ArgumentNullException.ThrowIfNull(problems);
        var condition = problems.Count > 0
            ? For(current, reconciledGeneration, "False", problems[0].Reason, Messages(problems), now)
            : current.IsBeingDeleted
                ? For(current, reconciledGeneration, "False", "Deleting", $"Detaching and deleting {attachments.Count} ENI(s) before the finalizer is removed.", now)
                : converged
                    ? For(current, reconciledGeneration, "True", "Attached", $"{attachments.Count} ENI(s) attached.", now)
                    : For(current, reconciledGeneration, "False", "Progressing", "ENIs are being created, attached or released.", now);
        var others = current.Status?.Conditions?.Where(c => c.Type != NodeEniCondition.Ready) ?? [];
        var (listed, truncated) = StatusAttachments.Bound(attachments);
        return new NodeEniStatus
        {
            ObservedGeneration = reconciledGeneration,
            AttachmentCount = attachments.Count,
            Attachments = listed,
            AttachmentsTruncated = truncated ? true : null,
            Summary = summary,
            Conditions = [condition, .. others],
        };
    }

    /// <summary>The problems' messages, the first few of them: a condition is read by people, and stays small.</summary>
    private static string Messages(IReadOnlyList<NodeProblem> problems) =>
        problems.Count <= MessagesShown
            ? string.Join(" ", problems.Select(p => p.Message))
            : $"{string.Join(" ", problems.Take(MessagesShown).Select(p => p.Message))} And {problems.Count - MessagesShown} more problem(s).";

    private const int MessagesShown = 10;
}
