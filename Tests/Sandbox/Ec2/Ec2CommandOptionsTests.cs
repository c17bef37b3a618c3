using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Sandbox.Ec2;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

public sealed class Ec2CommandOptionsTests
{
    [Fact]
    public void Reads_buckets_faults_and_scaling()
    {
        var options = Ec2CommandOptions.Read(CommandArguments.Parse(
            ["--time-factor", "20", "--buckets", "Mutating=200/10", "--faults", "RequestLimitExceeded=0.2,AttachNetworkInterface:InternalError=0.1", "--throttling", "off"],
            Ec2CommandOptions.Names));

        Assert.Equal(20, options.TimeFactor);
        Assert.False(options.Throttling);
        Assert.Equal((200, 10.0), (options.Buckets.Mutating.Capacity, options.Buckets.Mutating.RefillPerSecond));
        Assert.Equal((100, 5.0), (options.Buckets.CreateNetworkInterface.Capacity, options.Buckets.CreateNetworkInterface.RefillPerSecond));
        Assert.Equal([new Ec2FaultRule(null, "RequestLimitExceeded", 0.2), new Ec2FaultRule("AttachNetworkInterface", "InternalError", 0.1)], options.Faults);
    }

    [Fact]
    public void The_consistency_lag_is_in_emulated_milliseconds_and_off_unless_asked_for()
    {
        var lagging = Ec2CommandOptions.Read(CommandArguments.Parse(["--consistency-lag-ms", "1500"], Ec2CommandOptions.Names));
        var plain = Ec2CommandOptions.Read(CommandArguments.Parse([], Ec2CommandOptions.Names));

        Assert.Equal((TimeSpan.FromMilliseconds(1500), TimeSpan.Zero), (lagging.ConsistencyLag, plain.ConsistencyLag));
    }

    [Theory]
    [InlineData("--consistency-lag-ms", "-5", "--consistency-lag-ms")]
    [InlineData("--buckets", "Mutating=50", "NAME=CAPACITY/REFILL")]
    [InlineData("--buckets", "Bogus=1/1", "NAME=CAPACITY/REFILL")]
    [InlineData("--faults", "Teapot=0.5", "[ACTION:]CODE=RATE")]
    [InlineData("--faults", "InternalError=2", "[ACTION:]CODE=RATE")]
    [InlineData("--throttling", "maybe", "on or off")]
    public void Bad_values_say_what_to_write(string option, string value, string expected)
    {
        var error = Assert.Throws<UsageException>(() => Ec2CommandOptions.Read(CommandArguments.Parse([option, value], Ec2CommandOptions.Names)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
