using System.CommandLine;
using AwsMultiEni.Sandbox.Cli;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// The Sandbox's command line, in process: typed options fall back to their defaults, a command line that cannot run
/// as written exits 2 saying what to fix (before anything starts), and every command answers --help.
/// </summary>
public sealed class SandboxCommandLineTests
{
    [Fact]
    public void Reads_given_values_and_falls_back_to_defaults()
    {
        var dashboardPort = SandboxOption.WholeNumber("--dashboard-port", "P", "Dashboard", 5080, 1, 65535);
        var nodes = SandboxOption.WholeNumber("--nodes", "M", "Nodes", 3, 0, 5000);
        var seed = SandboxOption.WholeNumber("--seed", "N", "Seed", null, 0);
        var timeFactor = SandboxOption.Number("--time-factor", "F", "Time factor", 10, 0.001);
        var membership = SandboxOption.OneOf("--membership", "Membership", "default", "tuned");
        var endpoint = SandboxOption.Url("--ec2-endpoint", "EC2");

        var parsed = new RootCommand { dashboardPort, nodes, seed, timeFactor, membership, endpoint }.Parse(["--dashboard-port", "6000", "--time-factor", "2.5"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal((6000, 3, 2.5, "default"), (parsed.GetValue(dashboardPort), parsed.GetValue(nodes), parsed.GetValue(timeFactor), parsed.GetValue(membership)));
        Assert.Null(parsed.GetResult(seed));
        Assert.Null(parsed.GetValue(endpoint));
    }

    [Theory]
    [InlineData(new[] { "--dashbord-port", "6000" }, "'--dashbord-port'")]
    [InlineData(new[] { "--dashboard-port" }, "missing for option: '--dashboard-port'")]
    [InlineData(new[] { "--dashboard-port", "http" }, "Option '--dashboard-port' must be a whole number from 1 to 65535, not 'http'.")]
    [InlineData(new[] { "run", "--nodes", "-1" }, "Option '--nodes' must be a whole number from 0 to 5000, not '-1'.")]
    [InlineData(new[] { "run", "--ec2-endpoint", "localhost" }, "Option '--ec2-endpoint' must be an absolute URL, not 'localhost'.")]
    [InlineData(new[] { "run", "--least-privilege", "--ec2-endpoint", "http://127.0.0.1:5000" }, "--least-privilege needs the EC2 emulator")]
    [InlineData(new[] { "ec2", "--time-factor", "0" }, "Option '--time-factor' must be a number of at least 0.001, not '0'.")]
    [InlineData(new[] { "kube", "--port", "65535", "--clusters", "2" }, "Option '--port' must be a whole number from 1 to 65534, not '65535'.")]
    [InlineData(new[] { "bench-engine", "--json", "--silos", "11" }, "Option '--silos' must be a whole number from 1 to 10, not '11'.")]
    [InlineData(new[] { "bench-failover", "--silos", "3" }, "Option '--dynamodb-endpoint' is required.")]
    [InlineData(new[] { "bench-failover", "--dynamodb-endpoint", "http://127.0.0.1:5000", "--membership", "fast" }, "Option '--membership' must be default or tuned, not 'fast'.")]
    [InlineData(new[] { "silo", "--port", "1" }, "'--port'")]
    [InlineData(new[] { "frobnicate" }, "'frobnicate'")]
    public async Task A_command_line_that_cannot_run_exits_2_saying_what_to_fix(string[] args, string expected)
    {
        var (exitCode, output, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("sandbox: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("", "--dashboard-port <P>", "[default: 5080]")]
    [InlineData("run", "--ec2-consistency-lag-ms <N>", "[default: 1000]")]
    [InlineData("ec2", "--consistency-lag-ms <N>", "[default: 4580]")]
    [InlineData("bench-engine", "--json", "[default: 500]")]
    [InlineData("bench-failover", "--membership <default|tuned>", "(REQUIRED)")]
    [InlineData("kube", "--port <PORT>", "[default: 6443]")]
    public async Task Help_lists_the_options_with_their_defaults(string command, string option, string detail)
    {
        var (exitCode, output, error) = await RunAsync(command.Length == 0 ? ["--help"] : [command, "--help"]);

        Assert.True(exitCode == 0, error);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains(detail, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_answers_help()
    {
        foreach (var command in SandboxCommandLine.Create().Subcommands)
        {
            var (exitCode, output, error) = await RunAsync([command.Name, "--help"]);

            Assert.True(exitCode == 0, $"{command.Name}: {error}");
            Assert.Contains($" {command.Name} [options]", output, StringComparison.Ordinal);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SandboxCommandLine.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
