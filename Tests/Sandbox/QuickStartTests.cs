using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// The README's quick start, its commands run exactly as written from a repository root, and what it says happens:
/// the Sandbox prints the dashboard and the kubeconfigs, the example NodeENI applies, two of the three nodes get an
/// ENI at device index 3, the third is reported with <c>NoSubnetInZone</c>, and the CLI lists those two ENIs.
/// </summary>
/// <remarks>In the heavy process: its Debug build takes both cores for half a minute, which timing-sensitive classes must not share.</remarks>
[Trait(TestProcess.Trait, TestProcess.Heavy)]
[Collection(RunsAlone.Name)]
public sealed partial class QuickStartTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(240);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("quick-start-");

    [Fact]
    public async Task The_quick_starts_commands_run_as_written_and_do_what_it_says()
    {
        var blocks = QuickStartBlocks();
        var sandbox = Assert.Single(blocks[0]).Split(' ');
        var kubectl = blocks[1];
        var cli = Assert.Single(blocks[2]);
        Assert.Equal(["dotnet", "run", "--project", "Sandbox"], sandbox);
        Assert.Equal(["./test.sh"], blocks[3]);

        // A fresh copy of the working tree, as a newcomer's clone: dotnet run builds it (Debug) and runs it there.
        await CopyRepositoryAsync();
        await using var run = ChildProcess.Start(sandbox[0], sandbox[1..], null, _root.FullName);
        var manifest = Path.Combine(_root.FullName, ".sandbox", "sandbox.json");
        await Poll.UntilAsync(() => run.HasExited || File.Exists(manifest), Deadline, "the Sandbox to write .sandbox/sandbox.json");
        Assert.False(run.HasExited, $"dotnet run --project Sandbox exited:\n{run.Output}");
        await Poll.UntilAsync(() => run.Output.Contains("sandbox-2.kubeconfig", StringComparison.Ordinal), Deadline, "the kubeconfig paths on the Sandbox's output");
        Assert.Contains("http://127.0.0.1:5080/", run.Output, StringComparison.Ordinal);

        var applied = await RunAsync(kubectl[0]);
        Assert.Contains("nodeeni.networking.k8s.aws/multus-eni-by-name created", applied, StringComparison.Ordinal);
        Assert.Contains("multus-eni-by-name", await RunAsync(kubectl[1]), StringComparison.Ordinal);

        var kubeconfig = kubectl[0].Split(' ')[2];
        var nodeEni = await Poll.ForValueAsync(
            async () =>
            {
                var read = JsonNode.Parse(await RunAsync($"kubectl --kubeconfig {kubeconfig} get neni multus-eni-by-name -o json"))!;
                var attached = read["status"]?["attachments"]?.AsArray().Where(a => (string?)a!["status"] == "attached").ToList() ?? [];
                var ready = read["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready");
                return attached.Count == 2 && (string?)ready?["reason"] == "NoSubnetInZone" ? read : null;
            },
            Deadline,
            "two ENIs attached and the third node reported as NoSubnetInZone");
        Assert.All(nodeEni["status"]!["attachments"]!.AsArray(), a => Assert.Equal(3, (int)a!["deviceIndex"]!));
        Assert.Equal("False", (string?)nodeEni["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["status"]);

        // The CLI line, through a shell as a person pastes it: the same two ENIs, through the silo's gateway.
        var listed = (await CommandRun.RunAsync("bash", ["-euo", "pipefail", "-c", cli], workingDirectory: _root.FullName)).Succeeded().Output;
        var rows = listed.Split('\n').Where(l => l.Contains("multus-eni-by-name", StringComparison.Ordinal)).ToList();
        Assert.Equal(nodeEni["status"]!["attachments"]!.AsArray().Select(a => (string)a!["eniID"]!).Order(StringComparer.Ordinal), rows.Select(r => EniId().Match(r).Value).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>The lines of each <c>sh</c> block of the README's quick start.</summary>
    private static List<string[]> QuickStartBlocks()
    {
        var readme = RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("## Quick start", StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        return [.. ShellBlock().Matches(section).Select(m => m.Groups[1].Value.Trim().Split('\n').Select(l => l.Trim()).ToArray())];
    }

    /// <summary>The files a clone of the working tree has: tracked, and untracked but not ignored (so no build output).</summary>
    private async Task CopyRepositoryAsync()
    {
        var files = await CommandRun.RequireAsync("git", "-C", RepositoryRoot.Path, "ls-files", "--cached", "--others", "--exclude-standard");
        foreach (var file in files.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(RepositoryRoot.Path, f))))
        {
            var target = Path.Combine(_root.FullName, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepositoryRoot.Path, file), target);
        }
    }

    private async Task<string> RunAsync(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = await CommandRun.RunAsync(words[0], words[1..], workingDirectory: _root.FullName);
        return result.Succeeded().Output;
    }

    [GeneratedRegex(@"(?<![\w-])eni-[0-9a-f]{8,17}\b")]
    private static partial Regex EniId();

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
