using System.Text.Json.Nodes;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Cli;

/// <summary>
/// <c>awsmultieni</c> as a person and a script use it, run as a process against a running Sandbox: every command, the
/// table, JSON and YAML outputs, the exit codes (0 done, 1 the fleet said no, 2 bad usage), and NodeENIs that the CLI
/// applies and kubectl sees, and the reverse.
/// </summary>
public sealed class CliTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cluster_and_node_commands_print_each_format_and_exit_with_meaningful_codes()
    {
        var table = (await sandbox.CliAsync("clusters", "list")).Succeeded().Output;
        Assert.StartsWith("NAME", table, StringComparison.Ordinal);
        Assert.Contains("sandbox-2", table, StringComparison.Ordinal);
        var json = JsonNode.Parse((await sandbox.CliAsync("clusters", "list", "-o", "json")).Succeeded().Output)!.AsArray();
        Assert.Equal(["sandbox-1", "sandbox-2"], json.Select(c => (string?)c!["registration"]!["name"]));
        var yaml = YamlJson.Documents((await sandbox.CliAsync("clusters", "get", "sandbox-1", "-o", "yaml")).Succeeded().Output).Single();
        Assert.Equal(("sandbox-1", true, 3L), ((string?)yaml["registration"]!["name"], (bool?)yaml["watch"]!["watching"], (long?)yaml["nodes"]));

        // The gateway from the environment, as scripts set it once.
        var fromEnvironment = await CliSandbox.RunCliAsync(["clusters", "get", "sandbox-2"], new Dictionary<string, string> { ["AWSMULTIENI_GATEWAYS"] = sandbox.Manifest.Gateway! });
        Assert.Contains("sandbox-2", fromEnvironment.Succeeded().Output, StringComparison.Ordinal);

        Expect(await sandbox.CliAsync("clusters", "get", "nowhere"), 1, "Cluster 'nowhere' is not registered");
        Expect(await sandbox.CliAsync("clusters", "lst"), 2, "Unrecognized command or argument 'lst'");
        Expect(await sandbox.CliAsync("nodeenis", "list"), 2, "--cluster");
        Expect(await sandbox.CliAsync("clusters", "register", "extra", "--region", "us-east-1"), 2, "exactly one way to reach the cluster");
        Expect(await sandbox.CliAsync("clusters", "register", "extra", "--region", "us-east-1", "--in-cluster", "--role-arn", "awsmultieni-member"), 1, "is not an IAM role ARN");
        Expect(await CliSandbox.RunCliAsync(["clusters", "list"]), 2, "AWSMULTIENI_GATEWAYS");
        Expect(await sandbox.CliAsync("--membership-table", "OrleansSilos", "clusters", "list"), 2, "both gateways and a membership table");
        Expect(await CliSandbox.RunCliAsync(["--gateway", "127.0.0.1:1", "--connect-timeout", "1", "clusters", "list"]), 1, "Cannot reach the fleet at 127.0.0.1:1");

        (await sandbox.CliAsync("clusters", "register", "extra", "--region", "us-east-1", "--kubeconfig", sandbox.Manifest.Clusters[1].Kubeconfig)).Succeeded();
        var registered = JsonNode.Parse((await sandbox.CliAsync("clusters", "list", "-o", "json")).Succeeded().Output)!.AsArray();
        Assert.Contains("extra", registered.Select(c => (string?)c!["registration"]!["name"]));
        Assert.Equal("cluster/extra unregistered", (await sandbox.CliAsync("clusters", "unregister", "extra")).Succeeded().Output.Trim());
        Expect(await sandbox.CliAsync("clusters", "unregister", "extra"), 1, "not registered");

        var node = (string)JsonNode.Parse((await sandbox.Kubectl(0).RunAsync("get", "nodes", "-o", "json")).Succeeded().Output)!["items"]![0]!["metadata"]!["name"]!;
        var report = (await sandbox.CliAsync("nodes", "report", $"sandbox-1/{node}", "-o", "json")).Succeeded();
        Assert.Equal("null", report.Output.Trim());
        Assert.Contains("has no agent report yet", report.Error, StringComparison.Ordinal);
        Expect(await sandbox.CliAsync("nodes", "report", "sandbox-1"), 2, "2 non-empty '/'-separated parts");
    }

    [Fact]
    public async Task A_nodeeni_applied_with_the_cli_is_seen_by_kubectl_and_one_applied_with_kubectl_by_the_cli()
    {
        // The seeded example's subnet and security group, for nodes no node carries the label of: Ready at once.
        var example = Path.Combine(sandbox.StateDir, "examples", "nodeeni-subnet-id.yaml");
        var manifest = YamlJson.Documents(await File.ReadAllTextAsync(example, TestContext.Current.CancellationToken)).Single();
        manifest["metadata"]!["name"] = "from-cli";
        manifest["spec"]!["nodeSelector"] = new JsonObject { ["cli"] = "nobody" };
        var file = Path.Combine(sandbox.StateDir, "from-cli.yaml");
        await File.WriteAllTextAsync(file, YamlJson.ToYaml(manifest), TestContext.Current.CancellationToken);

        var applied = (await sandbox.CliAsync("nodeenis", "apply", "-f", file, "--cluster", "sandbox-1", "--wait")).Succeeded();
        Assert.Equal("nodeeni/from-cli ready", applied.Output.Trim());
        Assert.Contains("nodeeni/from-cli: Ready=True", applied.Error, StringComparison.Ordinal);
        var seen = JsonNode.Parse((await sandbox.Kubectl(0).RunAsync("get", "nodeeni", "from-cli", "-o", "json")).Succeeded().Output)!;
        Assert.Equal("nobody", (string?)seen["spec"]!["nodeSelector"]!["cli"]);
        Assert.Contains("nodeeni.networking.k8s.aws/finalizer", seen["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));

        (await sandbox.Kubectl(1).RunAsync("apply", "-f", example)).Succeeded();
        var rows = await Poll.ForValueAsync(
            async () => JsonNode.Parse((await sandbox.CliAsync("attachments", "list", "--cluster", "sandbox-2", "--nodeeni", "multus-eni", "-o", "json")).Succeeded().Output)!.AsArray() is { Count: > 0 } found
                && found.All(r => (string?)r!["attachment"]!["status"] == "attached") ? found : null,
            Deadline,
            "the CLI to list the kubectl-applied NodeENI's attachments as attached",
            Poll.ProcessInterval);
        var row = rows[0]!["attachment"]!;
        Assert.Contains((string)row["eniID"]!, (await sandbox.CliAsync("attachments", "list")).Succeeded().Output, StringComparison.Ordinal);
        Assert.DoesNotContain((string)row["eniID"]!, (await sandbox.CliAsync("attachments", "list", "--problems")).Succeeded().Output, StringComparison.Ordinal);
        var history = (await sandbox.CliAsync("attachments", "history", $"sandbox-2/multus-eni/{row["nodeID"]}")).Succeeded().Output;
        Assert.Contains("Ready", history, StringComparison.Ordinal);
        var transitions = JsonNode.Parse((await sandbox.CliAsync("attachments", "history", $"sandbox-2/multus-eni/{row["nodeID"]}", "-o", "json")).Succeeded().Output)!["transitions"]!.AsArray();
        Assert.Equal("Ready", (string?)transitions[^1]!["to"]);
        var described = YamlJson.Documents((await sandbox.CliAsync("nodeenis", "get", "multus-eni", "-c", "sandbox-2", "-o", "yaml")).Succeeded().Output).Single();
        Assert.Equal(((string?)row["eniID"], "NodeENI"), ((string?)described["status"]!["attachments"]![0]!["eniID"], (string?)described["kind"]));
        var listed = (await sandbox.CliAsync("neni", "list", "-c", "sandbox-2")).Succeeded().Output;
        Assert.Contains("multus-eni", listed, StringComparison.Ordinal);

        Assert.Equal("nodeeni/from-cli deleted", (await sandbox.CliAsync("nodeenis", "delete", "from-cli", "--cluster", "sandbox-1", "--wait")).Succeeded().Output.Trim());
        Expect(await sandbox.Kubectl(0).RunAsync("get", "nodeeni", "from-cli"), 1, "NotFound");
        Expect(await sandbox.CliAsync("nodeenis", "get", "from-cli", "-c", "sandbox-1"), 1, "has no NodeENI 'from-cli'");
    }

    [Fact]
    public async Task The_automation_example_in_the_docs_registers_applies_waits_and_prints_the_attachments()
    {
        var page = RepositoryFiles.Read("docs/automation.md");
        var program = RepositoryFiles.Read("docs/examples/FleetAutomation/Program.cs");
        var shown = page[(page.IndexOf("```csharp\n// Registers a cluster", StringComparison.Ordinal) + "```csharp\n".Length)..];
        Assert.Equal(program.TrimEnd(), shown[..shown.IndexOf("```", StringComparison.Ordinal)].TrimEnd());

        var example = YamlJson.Documents(await File.ReadAllTextAsync(Path.Combine(sandbox.StateDir, "examples", "nodeeni-subnet-id.yaml"), TestContext.Current.CancellationToken)).Single();
        var subnetId = (string)example["spec"]!["subnetID"]!;
        var groupId = (string)example["spec"]!["securityGroupIDs"]![0]!;
        using var ec2 = Ec2TestClients.Client(new Uri(sandbox.Manifest.Ec2Endpoint!));
        var zone = (await ec2.DescribeSubnetsAsync(new() { SubnetIds = [subnetId] }, TestContext.Current.CancellationToken)).Subnets.Single().AvailabilityZone;
        var cluster = sandbox.Manifest.Clusters[0];

        var run = await CommandRun.RunAsync(
            "dotnet",
            [RepoPaths.ProjectDll("docs/examples/FleetAutomation", "FleetAutomation"), sandbox.Manifest.Gateway!, cluster.Name, cluster.Kubeconfig, $"topology.kubernetes.io/zone={zone}", subnetId, groupId]);

        run.Succeeded();
        Assert.Contains("automation-eni: Ready=True", run.Error, StringComparison.Ordinal);
        var printed = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        var status = JsonNode.Parse((await sandbox.Kubectl(0).RunAsync("get", "nodeeni", "automation-eni", "-o", "json")).Succeeded().Output)!["status"]!["attachments"]!.AsArray();
        Assert.NotEmpty(printed);
        Assert.Equal(
            status.Select(a => ((string?)a!["nodeID"], (string?)a["eniID"], "attached")).Order(),
            printed.Select(p => ((string?)p[0], (string?)p[1], p[^1])).Order());
        Assert.All(printed, p => Assert.Equal("2", p[3]));
    }

    private static void Expect(CommandResult result, int exitCode, string error)
    {
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, expected {exitCode}: {result.Error}{result.Output}");
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
    }
}
