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
    /// The status for <paramref name="current"/>: the attachments, and Ready as <paramref name="problems"/> and progress
    /// say, both for the spec of <paramref name="reconciledGeneration"/>. The object read back may carry a newer spec not
    /// reconciled yet: its generation is not observed, whatever the attachments of the older plan say.
    /// </summary>
    public static NodeEniStatus Status(NodeEni current, long? reconciledGeneration, IReadOnlyList<EniAttachmentStatus> attachments, IReadOnlyList<NodeProblem> problems, bool converged, DateTimeOffset now)
    {
        var condition = problems.Count > 0
            ? For(current, reconciledGeneration, "False", problems[0].Reason, string.Join(" ", problems.Select(p => p.Message)), now)
            : current.IsBeingDeleted
                ? For(current, reconciledGeneration, "False", "Deleting", $"Detaching and deleting {attachments.Count} ENI(s) before the finalizer is removed.", now)
                : converged
                    ? For(current, reconciledGeneration, "True", "Attached", $"{attachments.Count} ENI(s) attached.", now)
                    : For(current, reconciledGeneration, "False", "Progressing", "ENIs are being created, attached or released.", now);
        var others = current.Status?.Conditions?.Where(c => c.Type != NodeEniCondition.Ready) ?? [];
        return new NodeEniStatus
        {
            ObservedGeneration = reconciledGeneration,
            Attachments = [.. attachments.OrderBy(a => a.NodeId, StringComparer.Ordinal).ThenBy(a => a.DeviceIndex)],
            Conditions = [condition, .. others],
        };
    }
}
