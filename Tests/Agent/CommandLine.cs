using System.Diagnostics;

namespace AwsMultiEni.Tests.Agent;

/// <summary>Runs a program to completion and captures what it printed.</summary>
internal static class CommandLine
{
    public static async Task<CommandResult> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return new CommandResult(process.ExitCode, await output, await errors);
    }

    /// <summary>Runs the command and fails with its own error output when it does not exit 0.</summary>
    public static async Task<string> RequireAsync(string file, params string[] arguments)
    {
        var result = await RunAsync(file, arguments);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Errors}");
    }
}

internal sealed record CommandResult(int ExitCode, string Output, string Errors);
