using System.CommandLine;
using AwsMultiEni.Cli.Commands;

namespace AwsMultiEni.Cli;

/// <summary>The <c>awsmultieni</c> command tree, and the exit code of one run.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var globals = new GlobalOptions();
        var actions = new CommandActions(globals, output, error);
        var root = new RootCommand(
            """
            awsmultieni: drive an AwsMultiEni fleet from a terminal or a script.

            Examples:
              awsmultieni --gateway 127.0.0.1:30000 clusters list
              awsmultieni nodeenis apply -f multus-eni.yaml --cluster prod-a --wait
              awsmultieni attachments list --problems -o json
            """);
        globals.AddTo(root);
        root.Subcommands.Add(ClustersCommand.Create(actions));
        root.Subcommands.Add(NodeEnisCommand.Create(actions));
        root.Subcommands.Add(AttachmentsCommand.Create(actions));
        root.Subcommands.Add(NodesCommand.Create(actions));
        root.Subcommands.Add(IamCommand.Create(actions));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}");
            }

            await error.WriteLineAsync("Run 'awsmultieni --help' (or the command with --help) for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
