using Amazon.Runtime;

namespace AwsMultiEni.Silo.Aws;

/// <summary>The <c>Aws:Ec2</c> configuration section (environment: <c>Aws__Ec2__...</c>).</summary>
public sealed class Ec2GatewayOptions
{
    public const string SectionName = "Aws:Ec2";

    /// <summary>Region of the default gateway; when unset the SDK's chain decides (<c>AWS_REGION</c>, profile, IMDS).</summary>
    public string? Region { get; set; }

    /// <summary>The silo's own region: <see cref="Region"/>, else the SDK's region chain.</summary>
    public string ResolveRegion() =>
        Region ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName ?? throw new InvalidOperationException("No AWS region: set AWS_REGION or Aws:Ec2:Region.");

    /// <summary>Request budget per region, defaults as documented by EC2; raise for accounts with raised limits.</summary>
    public Ec2ThrottleBuckets Budget { get; set; } = new();

    /// <summary>Attempts per call for throttling and 5xx errors, the first included.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a describe waits for others to join its batch.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The least time between two merged describes of one kind: under load, every ID asked within it shares one call.
    /// A rollout attaches about five ENIs a second within EC2's mutating budget, so 10 s lets each describe answer some
    /// 50 attachments waiting for their attach to complete, at the cost of up to 10 s more per attachment.
    /// </summary>
    public TimeSpan DescribeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>IDs per merged describe; EC2 accepts up to 200 values per filter.</summary>
    public int MaxBatchSize { get; set; } = 200;

    /// <summary>MaxResults of paginated describes.</summary>
    public int PageSize { get; set; } = 1000;
}
