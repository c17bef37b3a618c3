using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>EC2's throttling model on the emulator's side: one token bucket per bucket name, no waiting, a refusal instead.</summary>
internal sealed class Ec2Throttle(Ec2EmulatorOptions options, TimeProvider time)
{
    private readonly Dictionary<string, TokenBucket> _buckets = options.Buckets.Scaled(options.TimeFactor).ByName()
        .ToDictionary(pair => pair.Key, pair => new TokenBucket(pair.Value, time), StringComparer.Ordinal);

    public bool Admit(string action) => !options.Throttling || _buckets[Ec2ThrottleBuckets.BucketOf(action)].TryTake(out _);
}
