using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>Calls of one EC2 action in a stretch of the emulator's call log: all answers, and those throttled.</summary>
public sealed record Ec2CallTally(string Action, int Calls, int Throttled)
{
    public const string ThrottledOutcome = "RequestLimitExceeded";

    public bool IsMutating => Ec2ThrottleBuckets.BucketOf(Action) != Ec2ThrottleBuckets.NonMutatingName;

    /// <summary>One tally per action, by action name.</summary>
    public static IReadOnlyList<Ec2CallTally> Of(IEnumerable<Ec2CallRecord> records) =>
        [.. records
            .GroupBy(record => record.Action, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new Ec2CallTally(group.Key, group.Count(), group.Count(record => record.Outcome == ThrottledOutcome)))];
}
