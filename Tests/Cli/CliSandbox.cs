using AwsMultiEni.Sandbox;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox;
using AwsMultiEni.Tests.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Cli;

/// <summary>
/// One Sandbox process for the CLI tests, and the built <c>awsmultieni</c> run from its own output (as <c>dotnet run
/// --project Cli</c> runs it) against the Sandbox's gateway.
/// </summary>
public sealed class CliSandbox : IAsyncLifetime
{
    private readonly SandboxProcess _sandbox = SandboxProcess.Start("--clusters", "2", "--nodes", "3");

    internal SandboxManifest Manifest { get; private set; } = null!;

    internal string StateDir => _sandbox.StateDir;

    public async ValueTask InitializeAsync() => Manifest = await _sandbox.WaitForManifestAsync();

    public ValueTask DisposeAsync() => _sandbox.DisposeAsync();

    /// <summary>The CLI with <c>--gateway</c> set to the Sandbox's.</summary>
    internal Task<CommandResult> CliAsync(params string[] args) => RunCliAsync(["--gateway", Manifest.Gateway!, .. args]);

    internal static Task<CommandResult> RunCliAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        CommandRun.RunAsync("dotnet", [RepoPaths.ProjectDll("Cli", "awsmultieni"), .. args], environment);

    internal Kubectl Kubectl(int cluster) => new(Manifest.Clusters[cluster].Kubeconfig, Path.Combine(StateDir, $"kubectl-cache-{cluster}"));
}
