using Amazon.DynamoDBv2.Model;

namespace AwsMultiEni.Storage.Shared;

/// <summary>
/// Classifies DynamoDB failures by their codes (never by message text): which ones mean another
/// writer got there first, so the caller reports a conflict rather than an error.
/// </summary>
internal static class DynamoDBConflicts
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";

    /// <summary>A transaction lost to a condition (stale ETag or version) or to a concurrent transaction on the same item.</summary>
    public static bool IsConflict(this TransactionCanceledException exception) =>
        exception.CancellationReasons?.Any(r => r.Code is ConditionalCheckFailed or TransactionConflict) is true;
}
