namespace AwsMultiEni.Silo.Aws;

/// <summary>A token bucket: up to <see cref="Capacity"/> requests at once, refilled at <see cref="RefillPerSecond"/>.</summary>
public sealed class TokenBucketOptions
{
    public int Capacity { get; set; }

    public double RefillPerSecond { get; set; }

    public TokenBucketOptions Scaled(double timeFactor) => new() { Capacity = Capacity, RefillPerSecond = RefillPerSecond * timeFactor };

    /// <summary>This silo's part of a budget shared by <c>1/share</c> silos: size and rate both divided, at least one token.</summary>
    public TokenBucketOptions Share(double share) => new() { Capacity = Math.Max(1, (int)Math.Floor(Capacity * share)), RefillPerSecond = RefillPerSecond * share };
}
