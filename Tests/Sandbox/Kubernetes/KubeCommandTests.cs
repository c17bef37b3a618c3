using System.Diagnostics;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary><c>sandbox kube</c> as a user runs it: clusters on consecutive ports, a kubeconfig each, stopped by SIGTERM.</summary>
public sealed class KubeCommandTests
{
    [Fact]
    public async Task Kube_command_serves_each_cluster_with_its_kubeconfig_and_stops_on_SIGTERM()
    {
        var stateDir = Directory.CreateTempSubdirectory("kube-command-").FullName;
        var port = TwoFreePorts();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "AwsMultiEni.Sandbox.dll"), "kube", "--port", $"{port}", "--clusters", "2", "--state-dir", stateDir, "--nodes", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var kubeconfigs = new[] { "sandbox-1", "sandbox-2" }.Select(c => Path.Combine(stateDir, $"{c}.kubeconfig")).ToArray();
            await Poll.UntilAsync(() => kubeconfigs.All(File.Exists) && !process.HasExited, TimeSpan.FromSeconds(60), "the kubeconfigs");

            var second = await new Kubectl(kubeconfigs[1], Path.Combine(stateDir, "cache")).RunAsync("get", "nodes");

            var rows = second.Succeeded().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            Assert.Equal(["NAME", "ZONE", "INSTANCE-TYPE", "AGE"], rows[0]);
            Assert.Equal(["sandbox-2-node-1 us-east-1a m5.xlarge", "sandbox-2-node-2 us-east-1b m5.xlarge"], rows.Skip(1).Select(r => string.Join(' ', r.Take(3))));
            Assert.Contains($"server: http://127.0.0.1:{port + 1}", await File.ReadAllTextAsync(kubeconfigs[1], TestContext.Current.CancellationToken), StringComparison.Ordinal);

            using (var term = Process.Start("kill", ["-TERM", $"{process.Id}"]))
            {
                await term.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("cluster sandbox-1: http://127.0.0.1:", await output, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(stateDir, recursive: true);
        }
    }

    /// <summary>A port P such that P and P+1 are both free now (the command serves cluster i on P+i-1).</summary>
    private static int TwoFreePorts()
    {
        while (true)
        {
            var port = FreePort.Next();
            if (port < 65535 && FreePort.IsFree(port + 1))
            {
                return port;
            }
        }
    }
}
