using System.Diagnostics;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>What one command-line program printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public CommandResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"the command failed ({ExitCode}): {Error}{Output}");
        return this;
    }
}

/// <summary>
/// Runs a program to its end, its standard output and error kept apart; killed (with its children) after a deadline.
/// Not tied to the test's token: cleanup (deleting a namespace, say) must run even when the test was cancelled.
/// </summary>
internal static class CommandRun
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {Deadline.TotalSeconds} s.");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs the program and fails with its own error output when it does not exit 0.</summary>
    public static async Task<string> RequireAsync(string fileName, params string[] args)
    {
        var result = await RunAsync(fileName, args);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
    }
}
