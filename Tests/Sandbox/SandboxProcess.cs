using System.Globalization;
using System.Text.Json;
using AwsMultiEni.Sandbox;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// The built Sandbox run as a process, as <c>dotnet run --project Sandbox</c> would run it, with its own
/// state directory and dashboard port (it picks free silo and gateway ports itself); disposing it kills the process and removes the directory.
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _stateDir = Directory.CreateTempSubdirectory("sandbox-run-");

    private SandboxProcess(IEnumerable<string> args)
    {
        DashboardPort = FreePort.Next();
        Process = ChildProcess.StartDotnet(
            RepoPaths.ProjectDll("Sandbox", "AwsMultiEni.Sandbox"),
            ["--dashboard-port", DashboardPort.ToString(CultureInfo.InvariantCulture), "--state-dir", _stateDir.FullName, .. args]);
    }

    public ChildProcess Process { get; }

    public int DashboardPort { get; }

    public string StateDir => _stateDir.FullName;

    public static SandboxProcess Start(params string[] args) => new(args);

    /// <summary>Waits for <c>sandbox.json</c>, which the Sandbox writes once everything is up.</summary>
    public async Task<SandboxManifest> WaitForManifestAsync()
    {
        var path = Path.Combine(StateDir, "sandbox.json");
        await Poll.UntilAsync(() => Process.HasExited ? throw new InvalidOperationException(Process.Output) : File.Exists(path), StartTimeout, "sandbox.json");
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        return JsonSerializer.Deserialize<SandboxManifest>(text, SandboxManifest.JsonOptions)!;
    }

    /// <summary>Waits until the Sandbox has printed <paramref name="text"/> (its output reaches the test asynchronously).</summary>
    public Task WaitForOutputAsync(string text) =>
        Poll.UntilAsync(() => Process.Output.Contains(text, StringComparison.Ordinal), StartTimeout, $"'{text}' on the Sandbox's output");

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _stateDir.Delete(recursive: true);
    }
}
