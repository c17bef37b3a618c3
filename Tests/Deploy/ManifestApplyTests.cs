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
                "configmap/awsmultieni-fleet created",
                "deployment.apps/awsmultieni-silo created",
                "service/awsmultieni-gateway created",
                "service/awsmultieni-dashboard created",
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
            ["configmap/awsmultieni-fleet", "daemonset.apps/awsmultieni-agent", "deployment.apps/awsmultieni-silo", "poddisruptionbudget.policy/awsmultieni-silo",
             "service/awsmultieni-dashboard", "service/awsmultieni-gateway", "serviceaccount/awsmultieni-agent", "serviceaccount/awsmultieni-silo"],
            listed.Trim().Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal(
            ("restricted", "privileged"),
            ((await kubectl.RunAsync("get", "namespace", "awsmultieni", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output,
             (await kubectl.RunAsync("get", "namespace", "awsmultieni-node", "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}")).Succeeded().Output));
    }

    [GeneratedRegex(@"^[a-z0-9.]+/[a-z0-9.-]+ unchanged$")]
    private static partial Regex Unchanged();
}
