using AwsMultiEni.Sandbox.Cli;

namespace AwsMultiEni.Tests.Sandbox;

public sealed class CommandArgumentsTests
{
    [Fact]
    public void Reads_known_options_and_falls_back_to_defaults()
    {
        var options = CommandArguments.Parse(["--dashboard-port", "6000"], "dashboard-port", "state-dir");

        Assert.Equal(6000, options.Int("dashboard-port", 5080, 1, 65535));
        Assert.Equal(".sandbox", options.String("state-dir", ".sandbox"));
    }

    [Theory]
    [InlineData(new[] { "--dashbord-port", "6000" }, "Unknown option '--dashbord-port'")]
    [InlineData(new[] { "--dashboard-port" }, "needs a value")]
    [InlineData(new[] { "--dashboard-port", "http" }, "must be a whole number from 1 to 65535")]
    public void Bad_input_says_what_to_fix(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => CommandArguments.Parse(args, "dashboard-port", "state-dir").Int("dashboard-port", 5080, 1, 65535));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
