using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// <c>helm install</c>, <c>upgrade</c> and <c>uninstall</c> of both charts, with helm 3 and helm 4, against the
/// Kubernetes API emulator: release Secrets sent as protobuf, helm 3's three-way merge patches, helm 4's
/// server-side apply, and kubectl reading back what each step left. docs/deploying.md is walked as a newcomer
/// would: its fleet.yaml written as shown and its helm blocks run by bash exactly as written.
/// </summary>
public sealed class HelmInstallTests
{
    public static TheoryData<int> Majors => Helm.Majors;

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_cluster_chart_installs_upgrades_to_dpdk_and_uninstalls(int major)
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var (helm, kubectl, kubeconfig) = Tools(env, major);
        var chart = new HelmChart("awsmultieni-cluster");
        string[] release = ["awsmultieni", chart.Folder, "--kubeconfig", kubeconfig, "-n", chart.ReadmeNamespace];

        (await helm.RunAsync(["install", .. release, "--create-namespace", "-f", chart.ValuesFile("readme-values.yaml")])).Succeeded();
        Assert.Equal("nodeenis.networking.k8s.aws", (await kubectl.RunAsync("get", "crd", "-o", "jsonpath={.items[0].metadata.name}")).Succeeded().Output);
        var agent = await GetAsync(kubectl, chart.ReadmeNamespace, "daemonset", "awsmultieni-agent");
        Assert.Equal("""["NET_ADMIN"]""", Container(agent)["securityContext"]!["capabilities"]!["add"]!.ToJsonString());
        Assert.Equal("awsmultieni-agent", (string?)(await GetAsync(kubectl, "kube-system", "role", "awsmultieni-agent"))["metadata"]!["name"]);
        Assert.Equal("deployed", await ReleaseStatusAsync(kubectl, chart.ReadmeNamespace, 1));

        // The DPDK agent is privileged: a merge that kept the unprivileged context's fields would leave
        // allowPrivilegeEscalation false beside privileged true, which the API server refuses in a real cluster.
        (await helm.RunAsync(["upgrade", .. release, "-f", chart.ValuesFile("dpdk-values.yaml")])).Succeeded();
        var upgraded = Container(await GetAsync(kubectl, chart.ReadmeNamespace, "daemonset", "awsmultieni-agent"));
        Assert.Equal("""{"privileged":true,"runAsUser":0,"seccompProfile":{"type":"RuntimeDefault"}}""", Sorted(upgraded["securityContext"]!));
        Assert.Equal("deployed", await ReleaseStatusAsync(kubectl, chart.ReadmeNamespace, 2));
        Assert.Equal("superseded", await ReleaseStatusAsync(kubectl, chart.ReadmeNamespace, 1));

        (await helm.RunAsync(["uninstall", "awsmultieni", "--kubeconfig", kubeconfig, "-n", chart.ReadmeNamespace])).Succeeded();
        Assert.Equal(string.Empty, (await kubectl.RunAsync("get", "daemonsets,secrets,serviceaccounts", "-n", chart.ReadmeNamespace, "-o", "name")).Succeeded().Output.Trim());
        Assert.Equal(string.Empty, (await kubectl.RunAsync("get", "clusterroles", "-o", "name")).Succeeded().Output.Trim());
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_silo_chart_installs_with_every_option_and_uninstalls(int major)
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var (helm, kubectl, kubeconfig) = Tools(env, major);
        var chart = new HelmChart("awsmultieni-silo");

        (await helm.RunAsync("install", "awsmultieni", chart.Folder, "--kubeconfig", kubeconfig, "-n", chart.ReadmeNamespace, "--create-namespace", "-f", chart.ValuesFile("everything-values.yaml"))).Succeeded();
        var listed = (await kubectl.RunAsync("get", "deploy,svc,cm,pdb,netpol", "-n", chart.ReadmeNamespace, "-o", "name")).Succeeded().Output;
        Assert.Equal(
            ["configmap/fleet-eu-fleet", "deployment.apps/fleet-eu-dashboard", "deployment.apps/fleet-eu-silo", "networkpolicy.networking.k8s.io/fleet-eu-dashboard",
             "networkpolicy.networking.k8s.io/fleet-eu-silo", "poddisruptionbudget.policy/fleet-eu-silo", "service/fleet-eu-dashboard", "service/fleet-eu-gateway",
             "service/fleet-eu-silo-gateways"],
            listed.Trim().Split('\n').Order(StringComparer.Ordinal));

        (await helm.RunAsync("uninstall", "awsmultieni", "--kubeconfig", kubeconfig, "-n", chart.ReadmeNamespace)).Succeeded();
        Assert.Equal(string.Empty, (await kubectl.RunAsync("get", "deploy,svc,cm,pdb,netpol,secrets", "-n", chart.ReadmeNamespace, "-o", "name")).Succeeded().Output.Trim());
    }

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
            ["configmap/awsmultieni-fleet", "deployment.apps/awsmultieni-dashboard", "deployment.apps/awsmultieni-silo", "service/awsmultieni-dashboard",
             "service/awsmultieni-gateway", "service/awsmultieni-silo-gateways"],
            silo.Trim().Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal("prod-eu-1", (await kubectl.RunAsync("-n", "awsmultieni", "get", "cm", "awsmultieni-fleet", "-o", "jsonpath={.data.Fleet__Clusters__0__Name}")).Succeeded().Output);
        Assert.Equal("prod-eu-1", (await kubectl.RunAsync("-n", "awsmultieni-node", "get", "ds", "awsmultieni-agent", "-o", "jsonpath={.spec.template.spec.containers[0].env[?(@.name==\"Agent__Cluster\")].value}")).Succeeded().Output);
        Assert.Equal(
            ("restricted", "privileged"),
            ((await kubectl.RunAsync("get", "ns", "awsmultieni", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output,
             (await kubectl.RunAsync("get", "ns", "awsmultieni-node", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output));
    }

    private static (Helm Helm, Kubectl Kubectl, string Kubeconfig) Tools(KubeTestEnvironment env, int major) =>
        (new Helm(major, Path.Combine(env.StateDir, "helm")), new Kubectl(env[0].KubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache")), env[0].KubeconfigPath);

    private static async Task<JsonObject> GetAsync(Kubectl kubectl, string ns, string kind, string name) =>
        JsonNode.Parse((await kubectl.RunAsync("-n", ns, "get", kind, name, "-o", "json")).Succeeded().Output)!.AsObject();

    /// <summary>The status label helm puts on its release Secret of that revision.</summary>
    private static async Task<string> ReleaseStatusAsync(Kubectl kubectl, string ns, int revision) =>
        (await kubectl.RunAsync("-n", ns, "get", "secret", $"sh.helm.release.v1.awsmultieni.v{revision}", "-o", "jsonpath={.metadata.labels.status}")).Succeeded().Output;

    private static JsonObject Container(JsonObject workload) => workload["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static string Sorted(JsonNode node) =>
        node is JsonObject obj
            ? "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Sorted(p.Value!)}")) + "}"
            : node.ToJsonString();

    private static Regex Block(string language) => new($"```{language}\\n(?<body>.*?)```", RegexOptions.Singleline);
}
