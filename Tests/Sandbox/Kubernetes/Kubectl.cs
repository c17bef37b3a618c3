using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>Runs the kubectl on PATH against one kubeconfig, with its own discovery cache so runs never share stale state.</summary>
internal sealed class Kubectl(string kubeconfig, string cacheDir)
{
    public Task<CommandResult> RunAsync(params string[] args) => CommandRun.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, .. args]);
}
