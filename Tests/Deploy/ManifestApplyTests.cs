using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using AwsMultiEni.Tests.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Deploy;

/// <summary><c>kubectl apply</c> of the plain manifests against the Kubernetes API emulator, as the README's Deploying section says.</summary>
public sealed partial class ManifestApplyTests
{
    [Fact]
    public async Task Cluster_and_silo_manifests_apply_with_kubectl_read_back_and_reapply_unchanged()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var kubectl = new Kubectl(env[0].KubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache"));
        string[] cluster = ["apply", "-f", RepositoryFiles.PathOf("deploy/crds/"), "-f", RepositoryFiles.PathOf("deploy/cluster/")];
        string[] silo = ["apply", "-f", RepositoryFiles.PathOf("deploy/silo/")];

        var clusterOutput = (await kubectl.RunAsync(cluster)).Succeeded().Output;
        Assert.All(
            [
                "customresourcedefinition.apiextensions.k8s.io/nodeenis.networking.k8s.aws created",
                "namespace/awsmultieni-node created",
                "clusterrole.rbac.authorization.k8s.io/awsmultieni-silo created",
                "clusterrolebinding.rbac.authorization.k8s.io/awsmultieni-silo created",
                "role.rbac.authorization.k8s.io/awsmultieni-silo created",
                "rolebinding.rbac.authorization.k8s.io/awsmultieni-silo created",
                "serviceaccount/awsmultieni-agent created",
                "role.rbac.authorization.k8s.io/awsmultieni-agent created",
                "rolebinding.rbac.authorization.k8s.io/awsmultieni-agent created",
                "daemonset.apps/awsmultieni-agent created",
            ],
            line => Assert.Contains(line, clusterOutput, StringComparison.Ordinal));

        var siloOutput = (await kubectl.RunAsync(silo)).Succeeded().Output;
        Assert.All(
            [
                "namespace/awsmultieni created",
                "serviceaccount/awsmultieni-silo created",
                "serviceaccount/awsmultieni-dashboard created",
                "configmap/awsmultieni-fleet created",
                "deployment.apps/awsmultieni-silo created",
                "deployment.apps/awsmultieni-dashboard created",
                "service/awsmultieni-gateway created",
                "service/awsmultieni-dashboard created",
                "service/awsmultieni-silo-gateways created",
                "poddisruptionbudget.policy/awsmultieni-silo created",
            ],
            line => Assert.Contains(line, siloOutput, StringComparison.Ordinal));

        // kubectl's client-side apply always sends a PodDisruptionBudget's selector (its patch strategy is
        // replace), so that one reads "configured" without changing; everything else must be untouched.
        var again = (await kubectl.RunAsync(cluster)).Succeeded().Output + (await kubectl.RunAsync(silo)).Succeeded().Output;
        Assert.All(
            again.Trim().Split('\n').Where(line => line != "poddisruptionbudget.policy/awsmultieni-silo configured"),
            line => Assert.Matches(Unchanged(), line));
        Assert.Equal("1", (await kubectl.RunAsync("-n", "awsmultieni", "get", "pdb", "awsmultieni-silo", "-o", "jsonpath={.metadata.generation}")).Succeeded().Output);

        Assert.Equal("true", (await kubectl.RunAsync("-n", "awsmultieni-node", "get", "daemonset", "awsmultieni-agent", "-o", "jsonpath={.spec.template.spec.hostNetwork}")).Succeeded().Output);
        Assert.Equal("3", (await kubectl.RunAsync("-n", "awsmultieni", "get", "deploy", "awsmultieni-silo", "-o", "jsonpath={.spec.replicas}")).Succeeded().Output);
        Assert.Equal("""["list","delete"]""", (await kubectl.RunAsync("-n", "kube-system", "get", "role", "awsmultieni-agent", "-o", "jsonpath={.rules[0].verbs}")).Succeeded().Output);
        var listed = (await kubectl.RunAsync("get", "sa,cm,svc,deploy,ds,pdb", "-A", "-l", "app.kubernetes.io/part-of=awsmultieni", "-o", "name")).Succeeded().Output;
        Assert.Equal(
            ["configmap/awsmultieni-fleet", "daemonset.apps/awsmultieni-agent", "deployment.apps/awsmultieni-dashboard", "deployment.apps/awsmultieni-silo",
             "poddisruptionbudget.policy/awsmultieni-silo", "service/awsmultieni-dashboard", "service/awsmultieni-gateway", "service/awsmultieni-silo-gateways",
             "serviceaccount/awsmultieni-agent", "serviceaccount/awsmultieni-dashboard", "serviceaccount/awsmultieni-silo"],
            listed.Trim().Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal(
            ("restricted", "privileged"),
            ((await kubectl.RunAsync("get", "namespace", "awsmultieni", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output,
             (await kubectl.RunAsync("get", "namespace", "awsmultieni-node", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output));
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Rendered_charts_apply_with_kubectl_client_side_then_server_side_and_reapply_unchanged(int major)
    {
        var helm = new Helm(major);
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var admin = new Kubectl(env[0].KubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache"));
        foreach (var (chart, values) in new[] { (new HelmChart("awsmultieni-cluster"), "dpdk-values.yaml"), (new HelmChart("awsmultieni-silo"), "everything-values.yaml") })
        {
            // helm template leaves the release namespace out, as kubectl apply -n would; a context namespace
            // fills it in while the agent's Role keeps its own (kube-system).
            (await admin.RunAsync("create", "namespace", chart.ReadmeNamespace)).Succeeded();
            var kubeconfig = Path.Combine(env.StateDir, $"{chart.ReadmeNamespace}.kubeconfig");
            File.Copy(env[0].KubeconfigPath, kubeconfig);
            var kubectl = new Kubectl(kubeconfig, Path.Combine(env.StateDir, "kubectl-cache"));
            (await kubectl.RunAsync("config", "set-context", "--current", $"--namespace={chart.ReadmeNamespace}")).Succeeded();
            var rendered = Path.Combine(env.StateDir, $"{chart.Name}.json");
            await File.WriteAllTextAsync(rendered, string.Join("\n", (await chart.RenderAsync(helm, values, includeCrds: true)).Objects.Select(o => o.ToJsonString())), TestContext.Current.CancellationToken);

            Assert.DoesNotContain(" unchanged", (await kubectl.RunAsync("apply", "-f", rendered)).Succeeded().Output, StringComparison.Ordinal);
            var again = (await kubectl.RunAsync("apply", "-f", rendered)).Succeeded().Output;
            Assert.All(again.Trim().Split('\n').Where(line => !line.StartsWith("poddisruptionbudget.policy/", StringComparison.Ordinal)), line => Assert.Matches(Unchanged(), line));
            // The same objects taken over by server-side apply, then applied again: nothing is written.
            (await kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", rendered)).Succeeded();
            var versions = (await kubectl.RunAsync("get", "-f", rendered, "-o", "jsonpath={.items[*].metadata.resourceVersion}")).Succeeded().Output;
            (await kubectl.RunAsync("apply", "--server-side", "-f", rendered)).Succeeded();
            Assert.Equal(versions, (await kubectl.RunAsync("get", "-f", rendered, "-o", "jsonpath={.items[*].metadata.resourceVersion}")).Succeeded().Output);
        }

        Assert.Equal("true", (await admin.RunAsync("-n", "awsmultieni-node", "get", "ds", "awsmultieni-agent", "-o", "jsonpath={.spec.template.spec.containers[0].securityContext.privileged}")).Succeeded().Output);
        Assert.Equal("gateway", (await admin.RunAsync("-n", "awsmultieni", "get", "netpol", "fleet-eu-silo", "-o", "jsonpath={.spec.ingress[1].ports[0].port}")).Succeeded().Output);
    }

    public static TheoryData<int> Majors => Helm.Majors;

    [GeneratedRegex(@"^[a-z0-9.]+/[a-z0-9.-]+ unchanged$")]
    private static partial Regex Unchanged();
}
