using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// <c>helm install</c>, <c>upgrade</c> and <c>uninstall</c> of both charts, with helm 3 and helm 4, against the
/// Kubernetes API emulator: release Secrets sent as protobuf, helm 3's three-way merge patches, helm 4's
/// server-side apply, and kubectl reading back what each step left.
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
            ["configmap/fleet-eu-fleet", "deployment.apps/fleet-eu-silo", "networkpolicy.networking.k8s.io/fleet-eu-silo", "poddisruptionbudget.policy/fleet-eu-silo",
             "service/fleet-eu-dashboard", "service/fleet-eu-gateway"],
            listed.Trim().Split('\n').Order(StringComparer.Ordinal));

        (await helm.RunAsync("uninstall", "awsmultieni", "--kubeconfig", kubeconfig, "-n", chart.ReadmeNamespace)).Succeeded();
        Assert.Equal(string.Empty, (await kubectl.RunAsync("get", "deploy,svc,cm,pdb,netpol,secrets", "-n", chart.ReadmeNamespace, "-o", "name")).Succeeded().Output.Trim());
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
}
