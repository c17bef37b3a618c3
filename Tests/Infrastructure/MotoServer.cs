using System.Diagnostics;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>
/// A moto server (EC2 and DynamoDB in server mode) on a free loopback port, owned by the
/// fixture that started it and killed with it. A class that resets moto takes its own as a class
/// fixture; every other class shares the process's <see cref="SharedMotoServer"/>.
/// </summary>
public class MotoServer : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public string Region => "us-east-1";

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("moto.server has not started.");

    public async ValueTask InitializeAsync()
    {
        var start = new ProcessStartInfo("python3", $"-m moto.server -H 127.0.0.1 -p {Port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3 -m moto.server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Poll.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"moto.server exited with code {_process.ExitCode}; is moto[server] installed for python3?");
                }

                using var response = await Http.GetAsync(new Uri(Url, "/moto-api/"));
                return response.IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(60),
            $"moto.server on port {Port}");
    }

    /// <summary>Forget every resource in every service, as a new server would.</summary>
    public async Task ResetAsync()
    {
        using var response = await Http.PostAsync(new Uri(Url, "/moto-api/reset"), content: null);
        response.EnsureSuccessStatusCode();
    }

    public virtual ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// One moto server for every class of a test process that does not reset it: classes keep apart by unique table
/// names and IDs (<see cref="MotoDynamoDB.UniqueName"/>), and the suite starts one Python process instead of one per class.
/// </summary>
public sealed class SharedMotoServer : MotoServer;
