using AwsMultiEni.Sandbox.Ec2.Iam;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>
/// An injected error: <see cref="Code"/> answered to a <see cref="Rate"/> share of calls of <see cref="Action"/> (every
/// action when null), before the call does anything; or, with <see cref="AfterEffect"/>, once the call took effect, as
/// when EC2's answer is lost on the way back.
/// </summary>
public sealed record Ec2FaultRule(string? Action, string Code, double Rate, bool AfterEffect = false);

/// <summary>How the EC2 emulator behaves. Delays and refill rates are in emulated time, scaled by <see cref="TimeFactor"/>.</summary>
public sealed record Ec2EmulatorOptions
{
    public string Region { get; init; } = "us-east-1";

    /// <summary>Emulated time runs this many times faster: bucket refill ×F, attach/detach delays ÷F.</summary>
    public double TimeFactor { get; init; } = 1;

    /// <summary>When false, no call is throttled (the buckets are not consulted).</summary>
    public bool Throttling { get; init; } = true;

    public Ec2ThrottleBuckets Buckets { get; init; } = new();

    public TimeSpan AttachDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DetachDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a change takes to show in describes (EC2's eventual consistency): until then a new ENI or instance is
    /// unknown to a describe by ID and missing from filtered ones, and an attach, detach, delete or modify is not
    /// seen yet. The call that made the change answers at once. Zero: describes see every change at once.
    /// </summary>
    public TimeSpan ConsistencyLag { get; init; } = TimeSpan.Zero;

    /// <summary>Added to every answer, in real time (network latency is not scaled).</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    public IReadOnlyList<Ec2FaultRule> Faults { get; init; } = [];

    /// <summary>
    /// IAM policy document files by access key ID: requests signed with such a key are evaluated against its policy
    /// and answer <c>UnauthorizedOperation</c> (403) when it does not allow them; every other key is the account's admin.
    /// </summary>
    public IReadOnlyDictionary<string, string> IamPolicies { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The principal ARN of keys in <see cref="IamPolicies"/>, as trust policies name it (e.g. the silo's role).</summary>
    public IReadOnlyDictionary<string, string> IamPrincipals { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Roles by ARN that STS <c>AssumeRole</c> on this endpoint lets callers assume, per their trust policies.</summary>
    public IReadOnlyDictionary<string, IamRole> IamRoles { get; init; } = new Dictionary<string, IamRole>(StringComparer.Ordinal);

    /// <summary>Seed of the fault dice, for repeatable runs; random when null.</summary>
    public int? Seed { get; init; }
}
