using System.Text;
using AwsMultiEni.Abstractions.Attachments;

namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// The transitions an attachment keeps, bounded in entries and in bytes: it is part of the grain's stored state, which
/// DynamoDB caps at 400 KB an item, and an EC2 error message can be long. The oldest entries go first.
/// </summary>
internal static class BoundedHistory
{
    public const int MaxEntries = 100;
    public const int MaxBytes = 16 * 1024;
    public const int MaxDetailLength = 512;

    public static void Append(List<AttachmentTransition> history, AttachmentTransition transition)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(transition);
        history.Add(transition.Detail is { Length: > MaxDetailLength } detail ? transition with { Detail = string.Concat(detail.AsSpan(0, MaxDetailLength - 1), "…") } : transition);
        var bytes = history.Sum(SizeOf);
        var drop = 0;
        while (history.Count - drop > MaxEntries || bytes > MaxBytes)
        {
            bytes -= SizeOf(history[drop++]);
        }

        history.RemoveRange(0, drop);
    }

    /// <summary>An entry's stored size, near enough: its strings in UTF-8 and room for the time and the field names.</summary>
    public static int SizeOf(AttachmentTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return 64 + Encoding.UTF8.GetByteCount(string.Concat(transition.SubnetId, transition.From, transition.To, transition.EniId, transition.Detail));
    }
}
