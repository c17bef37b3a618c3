using System.Diagnostics;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The agent without a command: the long-running host, which for now serves only /healthz.</summary>
public sealed class AgentHostTests
{
    [Fact]
    public async Task Without_a_command_the_agent_serves_healthz()
    {
        var port = FreePort.Next();
        var state = Directory.CreateTempSubdirectory("ame-host-");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AwsMultiEni.Agent.dll"), "--urls", $"http://127.0.0.1:{port}" },
            Environment = { ["Agent__StatePath"] = Path.Combine(state.FullName, "state.json") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Poll.UntilAsync(
                async () => !process.HasExited && (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"))) == "Healthy",
                TimeSpan.FromSeconds(30),
                "the agent host's /healthz");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            state.Delete(recursive: true);
        }
    }
}
