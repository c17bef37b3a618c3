using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Sandbox.Cni;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// <c>bench-ipam [--adds N] [--plugin PATH] [--bound-ms B]</c>: execs <c>awsmultieni-ipam</c> as a CNI runtime does, once
/// per call: VERSION for the bare startup time, then N ADDs one after another (each a new container) against a ranges
/// file with enough /28 prefixes, then their DELs; prints p50 and p99 of each against the bound and their ratios.
/// </summary>
internal sealed class IpamBenchCommand
{
    private const int StartupRuns = 50;

    private readonly Option<int> _adds = SandboxOption.WholeNumber("--adds", "N", "ADDs (pods), one after another", 1000, 1, 60000);
    private readonly Option<string> _plugin = new("--plugin")
    {
        HelpName = "PATH",
        Description = "The plugin binary: the build's apphost by default; a NativeAOT publish to compare.",
    };

    private readonly Option<int> _bound = SandboxOption.WholeNumber("--bound-ms", "B", "Latency bound for p99, in milliseconds", 50, 1);

    public static Command Create()
    {
        var bench = new IpamBenchCommand();
        var command = new Command("bench-ipam", "Exec awsmultieni-ipam once per call, as a CNI runtime does: startup (VERSION), then N ADDs and their DELs; p50 and p99 against a bound.")
        {
            bench._adds,
            bench._plugin,
            bench._bound,
        };
        command.SetAction(bench.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var adds = parsed.GetValue(_adds);
        var plugin = parsed.GetValue(_plugin) ?? IpamPluginBinary.Path;
        var bound = parsed.GetValue(_bound);
        var output = parsed.InvocationConfiguration.Output;
        var dataDir = Directory.CreateTempSubdirectory("bench-ipam-");
        try
        {
            WriteRanges(dataDir.FullName, adds);
            var config = new JsonObject
            {
                ["cniVersion"] = "1.1.0",
                ["name"] = "bench",
                ["type"] = "ipvlan",
                ["master"] = "multus0",
                ["ipam"] = new JsonObject { ["type"] = "awsmultieni-ipam", ["dataDir"] = dataDir.FullName },
            }.ToJsonString();

            var startup = new List<double>();
            for (var i = 0; i < StartupRuns; i++)
            {
                startup.Add((await ExecAsync(plugin, "VERSION", "x", """{"cniVersion":"1.1.0"}""", cancellationToken)).Milliseconds);
            }

            var add = new List<double>();
            var addresses = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < adds; i++)
            {
                var (milliseconds, result) = await ExecAsync(plugin, "ADD", $"pod{i}", config, cancellationToken);
                add.Add(milliseconds);
                addresses.Add((string)JsonNode.Parse(result)!["ips"]![0]!["address"]!);
            }

            var del = new List<double>();
            for (var i = 0; i < adds; i++)
            {
                del.Add((await ExecAsync(plugin, "DEL", $"pod{i}", config, cancellationToken)).Milliseconds);
            }

            await output.WriteLineAsync($"plugin {plugin}");
            await output.WriteLineAsync($"{adds} ADDs gave {addresses.Count} distinct addresses");
            foreach (var (name, samples) in new[] { ("startup (VERSION)", startup), ("ADD", add), ("DEL", del) })
            {
                var p50 = Percentile(samples, 0.50);
                var p99 = Percentile(samples, 0.99);
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}: p50 {p50:0.0} ms, p99 {p99:0.0} ms vs bound {bound} ms (ratios {p50 / bound:0.00}, {p99 / bound:0.00}) over {samples.Count} execs"));
            }

            return addresses.Count == adds ? 0 : 1;
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    /// <summary>The agent's side: a ranges file for multus0 with one more /28 than N addresses need, in a /16 subnet.</summary>
    private static void WriteRanges(string dataDir, int adds)
    {
        var directory = Directory.CreateDirectory(Path.Combine(dataDir, "multus0"));
        var ranges = new JsonArray();
        for (var prefix = 0; prefix <= adds / 16; prefix++)
        {
            var first = (16 + (prefix / 16)) * 256 + (prefix % 16 * 16);
            ranges.Add(new JsonObject { ["cidr"] = $"10.0.{first / 256}.{first % 256}/28" });
        }

        var file = new JsonObject
        {
            ["interface"] = "multus0",
            ["eniId"] = "eni-0bench",
            ["ipv4"] = new JsonObject { ["subnet"] = "10.0.0.0/16", ["gateway"] = "10.0.0.1", ["ranges"] = ranges },
            ["routes"] = new JsonArray(new JsonObject { ["dst"] = "10.0.0.0/8" }),
        };
        File.WriteAllText(Path.Combine(directory.FullName, "ranges.json"), file.ToJsonString());
    }

    private static async Task<(double Milliseconds, string Output)> ExecAsync(string plugin, string command, string containerId, string config, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(plugin)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment =
            {
                ["CNI_COMMAND"] = command,
                ["CNI_CONTAINERID"] = containerId,
                ["CNI_IFNAME"] = "net1",
                ["CNI_NETNS"] = "/run/netns/bench",
                ["CNI_PATH"] = Path.GetDirectoryName(plugin),
            },
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{plugin} did not start.");
        await process.StandardInput.WriteAsync(config);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return process.ExitCode == 0
            ? (elapsed, output)
            : throw new InvalidOperationException($"{command} {containerId} failed ({process.ExitCode}): {output}");
    }

    private static double Percentile(List<double> samples, double quantile)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
    }
}
