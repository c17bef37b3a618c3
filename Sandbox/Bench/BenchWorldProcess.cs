using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AwsMultiEni.Sandbox.Ec2;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// A <c>bench-world</c> child process started from this executable, owned by its handle: killed (and its state
/// directory deleted) on dispose. Its EC2 call log is read over the emulator's <c>/_emulator/call-log</c>.
/// </summary>
internal sealed class BenchWorldProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly string _stateDir;
    private readonly HttpClient _http = new();

    private BenchWorldProcess(Process process, string stateDir, BenchWorld world)
    {
        _process = process;
        _stateDir = stateDir;
        World = world;
    }

    public BenchWorld World { get; }

    public int ProcessId => _process.Id;

    public static async Task<BenchWorldProcess> StartAsync(int clusters, int nodes, double timeFactor)
    {
        var stateDir = Directory.CreateTempSubdirectory("awsmultieni-bench-").FullName;
        var start = SelfCommand.StartInfo("bench-world",
            "--clusters", clusters.ToString(CultureInfo.InvariantCulture),
            "--nodes", nodes.ToString(CultureInfo.InvariantCulture),
            "--time-factor", timeFactor.ToString(CultureInfo.InvariantCulture),
            "--state-dir", stateDir);
        start.RedirectStandardInput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bench-world process.");
        var manifest = Path.Combine(stateDir, BenchWorld.FileName);
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(manifest))
        {
            if (process.HasExited || deadline.Elapsed > StartDeadline)
            {
                var why = process.HasExited ? $"exited with code {process.ExitCode} before it wrote {manifest}" : $"did not write {manifest} within {StartDeadline}";
                process.Kill(entireProcessTree: true);
                process.Dispose();
                Directory.Delete(stateDir, recursive: true);
                throw new InvalidOperationException($"The bench-world process {why}.");
            }

            await Task.Delay(100);
        }

        var world = JsonSerializer.Deserialize<BenchWorld>(await File.ReadAllTextAsync(manifest), BenchWorld.JsonOptions)!;
        return new BenchWorldProcess(process, stateDir, world);
    }

    /// <summary>Every EC2 request the emulator answered so far, in arrival order.</summary>
    public async Task<IReadOnlyList<Ec2CallRecord>> CallLogAsync() =>
        await _http.GetFromJsonAsync<List<Ec2CallRecord>>(new Uri(World.Ec2Endpoint, "_emulator/call-log"), BenchWorld.JsonOptions) ?? [];

    /// <summary>The emulators' resident memory, to show it is not in the silo's figure.</summary>
    public long WorkingSet()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }
}
