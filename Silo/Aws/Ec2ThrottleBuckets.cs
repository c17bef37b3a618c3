namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// EC2's request-rate model per account and region: which bucket an action draws from, with the
/// documented default sizes (REFERENCE.md, "EC2 API throttling"). Accounts with raised limits override
/// them in configuration. The emulator uses the same model to throttle, so both sides agree.
/// </summary>
public sealed class Ec2ThrottleBuckets
{
    public const string NonMutatingName = nameof(NonMutating);
    public const string MutatingName = nameof(Mutating);

    /// <summary>Describe* and other read-only actions.</summary>
    public TokenBucketOptions NonMutating { get; set; } = new() { Capacity = 100, RefillPerSecond = 20 };

    /// <summary>Mutating actions without a bucket of their own (AttachNetworkInterface, DetachNetworkInterface, RunInstances, ...).</summary>
    public TokenBucketOptions Mutating { get; set; } = new() { Capacity = 50, RefillPerSecond = 5 };

    public TokenBucketOptions CreateNetworkInterface { get; set; } = new() { Capacity = 100, RefillPerSecond = 5 };

    public TokenBucketOptions DeleteNetworkInterface { get; set; } = new() { Capacity = 100, RefillPerSecond = 5 };

    public TokenBucketOptions ModifyNetworkInterfaceAttribute { get; set; } = new() { Capacity = 100, RefillPerSecond = 5 };

    /// <summary>CreateTags and DeleteTags.</summary>
    public TokenBucketOptions Tags { get; set; } = new() { Capacity = 100, RefillPerSecond = 10 };

    /// <summary>The name of the bucket an EC2 action draws from.</summary>
    public static string BucketOf(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action switch
        {
            nameof(CreateNetworkInterface) or nameof(DeleteNetworkInterface) or nameof(ModifyNetworkInterfaceAttribute) => action,
            "CreateTags" or "DeleteTags" => nameof(Tags),
            _ when action.StartsWith("Describe", StringComparison.Ordinal) || action.StartsWith("Get", StringComparison.Ordinal) => NonMutatingName,
            _ => MutatingName,
        };
    }

    public IReadOnlyDictionary<string, TokenBucketOptions> ByName() => new Dictionary<string, TokenBucketOptions>(StringComparer.Ordinal)
    {
        [nameof(NonMutating)] = NonMutating,
        [nameof(Mutating)] = Mutating,
        [nameof(CreateNetworkInterface)] = CreateNetworkInterface,
        [nameof(DeleteNetworkInterface)] = DeleteNetworkInterface,
        [nameof(ModifyNetworkInterfaceAttribute)] = ModifyNetworkInterfaceAttribute,
        [nameof(Tags)] = Tags,
    };

    /// <summary>The same model with time running <paramref name="timeFactor"/> times faster (refill scaled, sizes kept).</summary>
    public Ec2ThrottleBuckets Scaled(double timeFactor) => new()
    {
        NonMutating = NonMutating.Scaled(timeFactor),
        Mutating = Mutating.Scaled(timeFactor),
        CreateNetworkInterface = CreateNetworkInterface.Scaled(timeFactor),
        DeleteNetworkInterface = DeleteNetworkInterface.Scaled(timeFactor),
        ModifyNetworkInterfaceAttribute = ModifyNetworkInterfaceAttribute.Scaled(timeFactor),
        Tags = Tags.Scaled(timeFactor),
    };
}
