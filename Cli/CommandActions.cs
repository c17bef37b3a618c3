using System.CommandLine;

namespace AwsMultiEni.Cli;

/// <summary>Gives commands their actions, turning every failure into a one-line message and its exit code.</summary>
internal sealed class CommandActions(GlobalOptions globals, TextWriter output, TextWriter error)
{
    public Command Set(Command command, Func<CommandScope, Task> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var printer = new Output.Printer(output, parsed.GetValue(globals.Output));
                await using var scope = new CommandScope(parsed, printer, error, () => globals.ClientOptions(parsed), globals.TlsDirectoryFor(parsed), parsed.GetValue(globals.Verbose), cancellationToken);
                await action(scope);
                return ExitCodes.Ok;
            }
            catch (UsageException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (Client.Fleet.FleetException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.FleetSaidNo;
            }
        });
        return command;
    }
}
