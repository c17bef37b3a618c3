using System.CommandLine;
using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Cni;

namespace AwsMultiEni.Agent;

/// <summary>
/// The agent's commands (<c>apply</c>, <c>install-cni</c>). With no command the agent host runs instead, configured the .NET way
/// (appsettings.json, environment variables, <c>--Key=value</c> arguments), so only a command word, or the
/// <c>--help</c> and <c>--version</c> (which would otherwise start the host), is parsed here.
/// </summary>
internal static class AgentCommandLine
{
    public static bool Handles(IReadOnlyList<string> args) =>
        args is [var first, ..] && (!first.StartsWith("--", StringComparison.Ordinal) || first is "--help" or "--version");

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "The AwsMultiEni node agent. With no command it runs the agent host, configured from appsettings.json, environment variables and --Key=value arguments.");
        root.Subcommands.Add(ApplyCommand.Create());
        if (OperatingSystem.IsLinux())
        {
            root.Subcommands.Add(InstallCniCommand.Create());
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"agent: {problem.Message}");
            }

            await error.WriteLineAsync("agent: --help lists the commands, and 'apply --help' its options.");
            return ApplyCommand.BadUsage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
