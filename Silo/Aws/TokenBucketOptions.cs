namespace AwsMultiEni.Silo.Aws;

/// <summary>A token bucket: up to <see cref="Capacity"/> requests at once, refilled at <see cref="RefillPerSecond"/>.</summary>
public sealed class TokenBucketOptions
{
    public int Capacity { get; set; }

    public double RefillPerSecond { get; set; }

    public TokenBucketOptions Scaled(double timeFactor) => new() { Capacity = Capacity, RefillPerSecond = RefillPerSecond * timeFactor };
}
