using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>
/// The token-bucket lower bound of a rollout: every attachment needs one CreateNetworkInterface, one
/// AttachNetworkInterface and one ModifyNetworkInterfaceAttribute (DeleteOnTermination), each drawn from its
/// bucket. A full bucket pays for its capacity at once; the rest arrives at the refill rate, so the slowest
/// bucket bounds the run however the calls are scheduled.
/// </summary>
public static class RolloutBound
{
    public static IReadOnlyList<string> ActionsPerAttachment { get; } = ["CreateNetworkInterface", "AttachNetworkInterface", "ModifyNetworkInterfaceAttribute"];

    /// <param name="scaled">The buckets as the emulator runs them (refill already scaled by the time factor).</param>
    public static TimeSpan For(Ec2ThrottleBuckets scaled, int attachments)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        var buckets = scaled.ByName();
        return TimeSpan.FromSeconds(ActionsPerAttachment
            .Select(action => buckets[Ec2ThrottleBuckets.BucketOf(action)])
            .Max(bucket => Math.Max(0, attachments - bucket.Capacity) / bucket.RefillPerSecond));
    }
}
