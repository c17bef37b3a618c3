using System.Diagnostics;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The built agent host run as its own processes, each with its files in a directory of its own; all killed on dispose.</summary>
internal sealed class AgentHostProcesses : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ame-host-");
    private readonly List<Process> _hosts = [];

    /// <summary>The host serving HTTP on <paramref name="port"/>, its files under <paramref name="name"/>, and a gateway where nothing listens.</summary>
    public ProcessStartInfo StartInfo(int port, string name = "agent")
    {
        var files = _directory.CreateSubdirectory(name).FullName;
        return new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AwsMultiEni.Agent.dll"), "--urls", $"http://127.0.0.1:{port}" },
            Environment =
            {
                ["Agent__StatePath"] = Path.Combine(files, "state.json"),
                ["Agent__SysfsRoot"] = files,
                ["Agent__SriovConfigPath"] = Path.Combine(files, "config.json"),
                ["Agent__Gateways__0"] = $"127.0.0.1:{Infrastructure.FreePort.Next()}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
    }

    /// <summary>A file with <paramref name="text"/> beside the hosts' files, such as a token for <c>Security__TokenFile</c>.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Starts the host; the caller reads its output.</summary>
    public Process Launch(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        _hosts.Add(process);
        return process;
    }

    /// <summary>Starts the host with its log going to the test's output, shown when the test fails.</summary>
    public Process Run(ProcessStartInfo start)
    {
        var process = Launch(start);
        var output = TestContext.Current.TestOutputHelper;
        process.OutputDataReceived += (_, e) => output?.WriteLine(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output?.WriteLine(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }

            host.Dispose();
        }

        _directory.Delete(recursive: true);
    }
}
