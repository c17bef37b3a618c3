using System.CommandLine;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

public sealed class Ec2CommandOptionsTests
{
    [Fact]
    public void Reads_buckets_faults_and_scaling()
    {
        var options = Read("--time-factor", "20", "--buckets", "Mutating=200/10", "--faults", "RequestLimitExceeded=0.2,AttachNetworkInterface:InternalError=0.1", "--throttling", "off");

        Assert.Equal(20, options.TimeFactor);
        Assert.False(options.Throttling);
        Assert.Equal((200, 10.0), (options.Buckets.Mutating.Capacity, options.Buckets.Mutating.RefillPerSecond));
        Assert.Equal((100, 5.0), (options.Buckets.CreateNetworkInterface.Capacity, options.Buckets.CreateNetworkInterface.RefillPerSecond));
        Assert.Equal([new Ec2FaultRule(null, "RequestLimitExceeded", 0.2), new Ec2FaultRule("AttachNetworkInterface", "InternalError", 0.1)], options.Faults);
    }

    [Fact]
    public void Options_not_given_take_their_documented_defaults()
    {
        var options = Read();

        Assert.Equal(("us-east-1", 1.0, true), (options.Region, options.TimeFactor, options.Throttling));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.Zero), (options.AttachDelay, options.DetachDelay, options.Latency));
        Assert.Equal((50, 5.0), (options.Buckets.Mutating.Capacity, options.Buckets.Mutating.RefillPerSecond));
        Assert.Empty(options.Faults);
        Assert.Null(options.Seed);
        Assert.Equal(7, Read("--seed", "7").Seed);
    }

    [Fact]
    public void The_consistency_lag_is_in_emulated_milliseconds_and_off_unless_asked_for()
    {
        var lagging = Read("--consistency-lag-ms", "1500");
        var plain = Read();

        Assert.Equal((TimeSpan.FromMilliseconds(1500), TimeSpan.Zero), (lagging.ConsistencyLag, plain.ConsistencyLag));
    }

    [Fact]
    public void Iam_policies_are_read_per_access_key_and_repeatable()
    {
        var policy = Path.Combine(RepositoryRoot.Path, "deploy", "iam", "silo-policy.json");

        var options = Read("--iam-policy", $"AKIAFLEET={policy}", "--iam-policy", $"AKIAOTHER={policy}");

        Assert.Equal(new Dictionary<string, string> { ["AKIAFLEET"] = policy, ["AKIAOTHER"] = policy }, options.IamPolicies);
        Assert.Empty(Read().IamPolicies);
    }

    [Theory]
    [InlineData("--iam-policy", "AKIAFLEET", "ACCESS_KEY_ID=FILE")]
    [InlineData("--iam-policy", "AKIAFLEET=/no/such/policy.json", "ACCESS_KEY_ID=FILE")]
    [InlineData("--consistency-lag-ms", "-5", "Option '--consistency-lag-ms' must be a whole number from 0")]
    [InlineData("--buckets", "Mutating=50", "NAME=CAPACITY/REFILL")]
    [InlineData("--buckets", "Bogus=1/1", "NAME=CAPACITY/REFILL")]
    [InlineData("--faults", "Teapot=0.5", "[ACTION:]CODE=RATE")]
    [InlineData("--faults", "InternalError=2", "[ACTION:]CODE=RATE")]
    [InlineData("--faults", "InternalError", "[ACTION:]CODE=RATE")]
    [InlineData("--throttling", "maybe", "on or off")]
    public void Bad_values_say_what_to_write(string option, string value, string expected)
    {
        var (_, parsed) = Parse(option, value);

        Assert.Contains(expected, Assert.Single(parsed.Errors).Message, StringComparison.Ordinal);
    }

    private static Ec2EmulatorOptions Read(params string[] args)
    {
        var (options, parsed) = Parse(args);
        Assert.Empty(parsed.Errors);
        return options.Read(parsed);
    }

    private static (Ec2CommandOptions Options, ParseResult Parsed) Parse(params string[] args)
    {
        var options = new Ec2CommandOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return (options, command.Parse(args));
    }
}
