using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// The built <c>AwsMultiEni.Silo</c> host run as its own process with environment configuration, as it runs
/// in production; killed with the handle when disposed.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int httpPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = SiloAssembly();
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Orleans__Endpoints__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__Endpoints__AdvertisedIP"] = "127.0.0.1";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}.");
        var silo = new SiloProcess(process, siloPort, gatewayPort, httpPort);
        process.OutputDataReceived += (_, e) => silo.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Settings for a silo on DynamoDB at <paramref name="endpoint"/>: its own cluster and service IDs and tables.</summary>
    public static Dictionary<string, string> DynamoDBEnvironment(Uri endpoint, string region) => new()
    {
        ["Orleans__ClusterId"] = MotoDynamoDB.UniqueName("cluster"),
        ["Orleans__ServiceId"] = MotoDynamoDB.UniqueName("service"),
        ["Orleans__Clustering__Provider"] = "DynamoDB",
        ["Orleans__Persistence__Provider"] = "DynamoDB",
        ["Orleans__DynamoDB__SilosTable"] = MotoDynamoDB.UniqueName("Silos"),
        ["Orleans__DynamoDB__GrainStateTable"] = MotoDynamoDB.UniqueName("GrainState"),
        ["Orleans__DynamoDB__RemindersTable"] = MotoDynamoDB.UniqueName("Reminders"),
        ["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint.ToString(),
        ["AWS_REGION"] = region,
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
    };

    /// <summary>Waits for a process that is expected to end by itself, such as a silo that fails to start.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The silo was still running {timeout.TotalSeconds:0} s after it started:{Environment.NewLine}{Output}");
        }

        // The exit code arrives before the last lines of output: wait for those as well.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The silo exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
        }

        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/readyz"));
        return response.IsSuccessStatusCode;
    }

    /// <summary>Asks the host to shut down as Kubernetes does (SIGTERM), so that the silo leaves the cluster gracefully.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) of silo process {_process.Id} failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>The silo host built in the same configuration as these tests (Debug or Release).</summary>
    private static string SiloAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "Silo", "bin", configuration, testOutput.Name, "AwsMultiEni.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the silo first: {dll} is missing.", dll);
    }
}
