using System.CommandLine;
using AwsMultiEni.Sandbox.Bench;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;

namespace AwsMultiEni.Sandbox.Cli;

/// <summary>The Sandbox's commands; a command line that cannot run as written exits <see cref="UsageExitCode"/> with what to fix on standard error.</summary>
internal static class SandboxCommandLine
{
    public const int UsageExitCode = 2;

    public static RootCommand Create()
    {
        var root = SandboxRunCommand.Declare(new RootCommand(
            """
            The AwsMultiEni Sandbox: EC2 and Kubernetes emulators, the fleet silo and its dashboard on loopback.
            With no command it runs the Sandbox, as 'run' does; each command takes --help.
            """));
        root.Subcommands.Add(SandboxRunCommand.Declare(new Command("run", "Run the Sandbox: the EC2 emulator seeded through the EC2 API, emulated clusters whose Nodes stand for its instances, the silo and the dashboard.")));
        root.Subcommands.Add(Ec2Command.Create());
        root.Subcommands.Add(Ec2BenchCommand.Create());
        root.Subcommands.Add(EngineBenchCommand.Create());
        root.Subcommands.Add(FailoverBenchCommand.Create());
        root.Subcommands.Add(IpamBenchCommand.Create());
        root.Subcommands.Add(BenchWorldCommand.Create());
        root.Subcommands.Add(SiloCommand.Create());
        root.Subcommands.Add(KubeCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return await RefuseAsync(error, [.. parsed.Errors.Select(problem => problem.Message)]);
        }

        // No termination handling here: each command stops on Ctrl-C and SIGTERM its own way (a host's lifetime, a
        // signal handler, its standard input closing) and must be left to finish doing so.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    /// <summary>Says what is wrong with the command line and returns <see cref="UsageExitCode"/>; for checks across options, after parsing.</summary>
    public static async Task<int> RefuseAsync(TextWriter error, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"sandbox: {problem}");
        }

        await error.WriteLineAsync("sandbox: --help lists the commands, and a command's --help its options.");
        return UsageExitCode;
    }
}
