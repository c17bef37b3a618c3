using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Ec2;
using AwsMultiEni.Tests.Sandbox.Kubernetes;
using k8s;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary>
/// <c>Sandbox --least-privilege</c>: the silo signs its EC2 calls with a key the emulator binds to the shipped
/// <c>deploy/iam/silo-policy.json</c>, and reaches its cluster as its own identity under <c>deploy/cluster</c>'s RBAC.
/// The by-name example applied with kubectl attaches its ENIs and, deleted, releases them, and neither the emulator's
/// call log nor the API server's denials show anything refused; the same key and identity are refused what the policy
/// and RBAC do not grant, so the check is not vacuous.
/// </summary>
public sealed class SandboxLeastPrivilegeTests : IAsyncLifetime
{
    // The by-name example lists subnets in the first two of the three zones the nodes are spread over.
    private const int NodesInZonesWithSubnet = 2;
    private readonly SandboxProcess _sandbox = SandboxProcess.Start("--least-privilege", "--clusters", "1", "--nodes", "3");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task NodeEnis_converge_and_go_with_the_shipped_policy_and_rbac_and_nothing_is_refused()
    {
        var manifest = await _sandbox.WaitForManifestAsync();
        var cluster = Assert.Single(manifest.Clusters);
        var policyCopy = Path.Combine(_sandbox.StateDir, "silo-policy.json");
        await _sandbox.WaitForOutputAsync($"Identities: the silo signs EC2 calls with {LeastPrivilege.SiloAccessKeyId}, bound to deploy/iam/silo-policy.json as shipped ({policyCopy})");
        await _sandbox.WaitForOutputAsync("the silo reaches each cluster as user awsmultieni-silo, group awsmultieni:silo, held to deploy/cluster's RBAC");
        Assert.Equal(await File.ReadAllTextAsync(SiloPolicy.FilePath, Ct), await File.ReadAllTextAsync(policyCopy, Ct));

        var cache = Path.Combine(_sandbox.StateDir, "kubectl-cache");
        var eniIds = await SandboxWorldAssertions.ByNameExampleAttachesEnisAsync(manifest, NodesInZonesWithSubnet, cache);
        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(cache, cluster.Name));
        (await kubectl.RunAsync("delete", "nodeeni", "multus-eni-by-name", "--wait=false")).Succeeded();
        using var http = new HttpClient();
        var ec2 = new Uri(manifest.Ec2Endpoint!.TrimEnd('/') + "/");
        await Poll.UntilAsync(
            async () => (await SiloCallsAsync(http, ec2)).Count(c => c.Action == "DeleteNetworkInterface" && c.Outcome == Ec2CallLog.Ok) == eniIds.Count,
            TimeSpan.FromSeconds(90),
            "the silo to delete the example's ENIs",
            Poll.ProcessInterval);

        var silo = await SiloCallsAsync(http, ec2);
        Assert.Equal(eniIds.Count, silo.Count(c => c.Action == "CreateNetworkInterface" && c.Outcome == Ec2CallLog.Ok));
        Assert.DoesNotContain(silo, c => c.Denial is not null || c.Outcome == "UnauthorizedOperation");
        var api = new Uri(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubeconfig).Host.TrimEnd('/') + "/");
        Assert.Empty(await DenialsAsync(http, api));

        using var siloKey = new AmazonEC2Client(
            new BasicAWSCredentials(LeastPrivilege.SiloAccessKeyId, "sandbox"), new AmazonEC2Config { ServiceURL = ec2.ToString(), AuthenticationRegion = manifest.Region, MaxErrorRetry = 0 });
        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => siloKey.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct));
        Assert.Equal("UnauthorizedOperation", refused.ErrorCode);
        var asSilo = new Kubectl(Path.Combine(_sandbox.StateDir, $"{cluster.Name}-as-silo.kubeconfig"), Path.Combine(cache, "as-silo"));
        Assert.NotEqual(0, (await asSilo.RunAsync("get", "pods", "-n", "kube-system")).ExitCode);
        Assert.Contains(await DenialsAsync(http, api), d => d.StartsWith("pods is forbidden: User \"awsmultieni-silo\" cannot list", StringComparison.Ordinal));

        Assert.Equal(0, await _sandbox.Process.TerminateAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The emulator's call log (<c>GET /_emulator/call-log</c>), the calls the silo's key signed.</summary>
    private static async Task<IReadOnlyList<Ec2CallRecord>> SiloCallsAsync(HttpClient http, Uri ec2)
    {
        var log = JsonNode.Parse(await http.GetStringAsync(new Uri(ec2, "_emulator/call-log"), Ct))!.AsArray();
        return
        [
            .. log.Where(r => (string?)r!["accessKeyId"] == LeastPrivilege.SiloAccessKeyId)
                .Select(r => new Ec2CallRecord(TimeSpan.Zero, (string)r!["action"]!, (string)r["outcome"]!, LeastPrivilege.SiloAccessKeyId, Denial: (string?)r["denial"])),
        ];
    }

    /// <summary>What the cluster's RBAC refused (<c>GET /_emulator/denials</c>).</summary>
    private static async Task<IReadOnlyList<string>> DenialsAsync(HttpClient http, Uri api) =>
        [.. JsonNode.Parse(await http.GetStringAsync(new Uri(api, "_emulator/denials"), Ct))!.AsArray().Select(d => (string)d!)];

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _sandbox?.DisposeAsync() ?? ValueTask.CompletedTask;
}
