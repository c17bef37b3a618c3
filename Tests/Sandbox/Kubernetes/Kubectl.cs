using System.Diagnostics;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>What one kubectl invocation printed and returned.</summary>
internal sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public KubectlResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"kubectl failed ({ExitCode}): {Error}{Output}");
        return this;
    }
}

/// <summary>Runs the kubectl on PATH against one kubeconfig, with its own discovery cache so runs never share stale state.</summary>
internal sealed class Kubectl(string kubeconfig, string cacheDir)
{
    public async Task<KubectlResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--cache-dir", cacheDir }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl is not on PATH.");
        var cancel = TestContext.Current.CancellationToken;
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new KubectlResult(process.ExitCode, await output, await error);
    }
}
