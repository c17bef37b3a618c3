namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>The fleet's last hour, minute by minute, oldest first, and the last rollouts that converged.</summary>
[GenerateSerializer, Immutable]
public sealed record FleetHistory(
    [property: Id(0)] IReadOnlyList<Ec2UsageMinute> Ec2,
    [property: Id(1)] IReadOnlyList<StatusMinute> Attachments,
    [property: Id(2)] IReadOnlyList<RolloutTime> Rollouts)
{
    public static FleetHistory Empty { get; } = new([], [], []);
}

/// <summary>The EC2 calls every silo made in one minute, by throttling bucket.</summary>
[GenerateSerializer, Immutable]
public sealed record Ec2UsageMinute([property: Id(0)] DateTimeOffset Minute, [property: Id(1)] IReadOnlyList<Ec2BucketUsage> Buckets);

/// <summary>
/// One bucket's use: calls sent (retries included), calls EC2 throttled, calls that had to wait for a token of the
/// silos' own budget, and the time they waited in all.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Ec2BucketUsage(
    [property: Id(0)] string Bucket,
    [property: Id(1)] long Calls,
    [property: Id(2)] long Throttles,
    [property: Id(3)] long TokenWaits,
    [property: Id(4)] double WaitSeconds)
{
    public Ec2BucketUsage Plus(Ec2BucketUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { Calls = Calls + other.Calls, Throttles = Throttles + other.Throttles, TokenWaits = TokenWaits + other.TokenWaits, WaitSeconds = WaitSeconds + other.WaitSeconds };
    }
}

/// <summary>The fleet's attachment rows by status at the end of one minute.</summary>
[GenerateSerializer, Immutable]
public sealed record StatusMinute([property: Id(0)] DateTimeOffset Minute, [property: Id(1)] IReadOnlyDictionary<string, int> ByStatus);

/// <summary>A NodeENI's rollout: from when the index first saw it not Ready to its Ready condition turning True.</summary>
[GenerateSerializer, Immutable]
public sealed record RolloutTime(
    [property: Id(0)] string Cluster,
    [property: Id(1)] string NodeEni,
    [property: Id(2)] long? Generation,
    [property: Id(3)] DateTimeOffset Started,
    [property: Id(4)] DateTimeOffset Converged)
{
    public TimeSpan Duration => Converged - Started;
}
