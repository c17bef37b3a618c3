using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// docs/deploying.md walked through as a newcomer would, with helm 3 and with helm 4: its <c>fleet.yaml</c>
/// written as shown, then every helm block run by bash exactly as written, in order, against the Kubernetes API
/// emulator; what they leave is read back with kubectl.
/// </summary>
public sealed class DeployingGuideTests
{
    public static TheoryData<int> Majors => Helm.Majors;

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_guides_helm_commands_install_the_silo_set_and_a_member_cluster_as_written(int major)
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var guide = RepositoryFiles.Read("docs/deploying.md");
        var work = Directory.CreateDirectory(Path.Combine(env.StateDir, "walk")).FullName;
        File.CreateSymbolicLink(Path.Combine(work, "charts"), RepositoryFiles.PathOf("charts"));
        await File.WriteAllTextAsync(Path.Combine(work, "fleet.yaml"), Assert.Single(Block("yaml").Matches(guide)).Groups["body"].Value, TestContext.Current.CancellationToken);
        var helm = new Helm(major, Path.Combine(env.StateDir, "helm"));
        var environment = helm.ShellEnvironment();
        environment["KUBECONFIG"] = env[0].KubeconfigPath;

        var blocks = Block("sh").Matches(guide).Select(m => m.Groups["body"].Value).Where(b => b.Contains("helm install", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, blocks.Count);
        foreach (var block in blocks)
        {
            (await CommandRun.RunAsync("bash", ["-euo", "pipefail", "-c", block], environment, work)).Succeeded();
        }

        var kubectl = new Kubectl(env[0].KubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache"));
        var silo = (await kubectl.RunAsync("-n", "awsmultieni", "get", "deploy,svc,cm", "-o", "name")).Succeeded().Output;
        Assert.Equal(
            ["configmap/awsmultieni-fleet", "deployment.apps/awsmultieni-silo", "service/awsmultieni-dashboard", "service/awsmultieni-gateway"],
            silo.Trim().Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal("prod-eu-1", (await kubectl.RunAsync("-n", "awsmultieni", "get", "cm", "awsmultieni-fleet", "-o", "jsonpath={.data.Fleet__Clusters__0__Name}")).Succeeded().Output);
        Assert.Equal("prod-eu-1", (await kubectl.RunAsync("-n", "awsmultieni-node", "get", "ds", "awsmultieni-agent", "-o", "jsonpath={.spec.template.spec.containers[0].env[?(@.name==\"Agent__Cluster\")].value}")).Succeeded().Output);
        Assert.Equal(
            ("restricted", "privileged"),
            ((await kubectl.RunAsync("get", "ns", "awsmultieni", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output,
             (await kubectl.RunAsync("get", "ns", "awsmultieni-node", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output));
    }

    private static Regex Block(string language) => new($"```{language}\\n(?<body>.*?)```", RegexOptions.Singleline);
}
