using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Security;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// The Helm charts as helm 3 and helm 4 render them: strict lint with every <c>ci/</c> values file, the names the
/// README uses, the plain manifests' objects, the restricted Pod Security profile, and a schema that refuses bad values.
/// </summary>
public sealed partial class ChartTests
{
    private static readonly HelmChart Silo = new("awsmultieni-silo");
    private static readonly HelmChart Cluster = new("awsmultieni-cluster");

    public static TheoryData<int> Majors => Helm.Majors;

    [Theory]
    [InlineData("awsmultieni-silo")]
    [InlineData("awsmultieni-cluster")]
    public void Chart_yaml_is_a_valid_v2_application_chart_named_as_its_folder(string name)
    {
        var chart = new HelmChart(name).Chart;

        Assert.Equal(("v2", name, "application"), ((string?)chart["apiVersion"], (string?)chart["name"], (string?)chart["type"]));
        Assert.Matches(SemVer(), (string)chart["version"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)chart["appVersion"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)chart["description"]));
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Both_charts_lint_strictly_with_every_ci_values_file(int major)
    {
        var helm = new Helm(major);
        foreach (var chart in new[] { Silo, Cluster })
        {
            foreach (var values in chart.ValuesFiles)
            {
                (await helm.RunAsync("lint", "--strict", chart.Folder, "-f", chart.ValuesFile(values))).Succeeded();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Objects_are_named_from_the_release_without_repeating_it_and_fullnameOverride_replaces_it(int major)
    {
        var helm = new Helm(major);
        var silo = await Silo.RenderAsync(helm, "readme-values.yaml");
        var cluster = await Cluster.RenderAsync(helm, "readme-values.yaml", includeCrds: true);

        Assert.Equal(
            ["ConfigMap/awsmultieni-fleet", "Deployment/awsmultieni-dashboard", "Deployment/awsmultieni-silo", "PodDisruptionBudget/awsmultieni-silo",
             "Service/awsmultieni-dashboard", "Service/awsmultieni-gateway", "Service/awsmultieni-silo-gateways", "ServiceAccount/awsmultieni-dashboard",
             "ServiceAccount/awsmultieni-silo"],
            Names(silo));
        Assert.Equal(
            ["ClusterRole/awsmultieni-silo", "ClusterRoleBinding/awsmultieni-silo", "CustomResourceDefinition/nodeenis.networking.k8s.aws",
             "DaemonSet/awsmultieni-agent", "Role/awsmultieni-agent", "Role/awsmultieni-silo", "RoleBinding/awsmultieni-agent", "RoleBinding/awsmultieni-silo",
             "ServiceAccount/awsmultieni-agent"],
            Names(cluster));

        var renamed = await Silo.RenderAsync(helm, "everything-values.yaml", "prod");
        Assert.Equal(
            ["ConfigMap/fleet-eu-fleet", "Deployment/fleet-eu-dashboard", "Deployment/fleet-eu-silo", "NetworkPolicy/fleet-eu-dashboard", "NetworkPolicy/fleet-eu-silo",
             "PodDisruptionBudget/fleet-eu-silo", "Service/fleet-eu-dashboard", "Service/fleet-eu-gateway", "Service/fleet-eu-silo-gateways"],
            Names(renamed));
        Assert.Equal("platform-silo", Text(Pod(renamed.Get("Deployment", "fleet-eu-silo")), "serviceAccountName"));
        Assert.Equal("platform-dashboard", Text(Pod(renamed.Get("Deployment", "fleet-eu-dashboard")), "serviceAccountName"));
        Assert.Contains("DaemonSet/fleet-agent", Names(await Cluster.RenderAsync(helm, "everything-values.yaml", "prod")));

        // Every name the README and docs/ give a reader to type is one the README's release renders.
        var rendered = Names(silo).Concat(Names(cluster)).Select(n => n[(n.IndexOf('/', StringComparison.Ordinal) + 1)..])
            .Append(Silo.ReadmeNamespace).Append(Cluster.ReadmeNamespace).ToHashSet(StringComparer.Ordinal);
        var mentioned = new[] { "README.md" }.Concat(Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Select(Path.GetFileName).Select(f => $"docs/{f}"))
            .SelectMany(f => ObjectName().Matches(File.ReadAllText(RepositoryFiles.PathOf(f))).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        // Not rendered objects: the Sandbox's command, the CNI plugin's binary, the example IAM role in a member account, the
        // TLS and silo key Secrets the reader creates, and the RequestContext keys callers' tokens and the silos' proofs travel in (docs/security.md).
        Assert.Empty(mentioned.Except(rendered).Except(
            [Silo.Name, Cluster.Name, "awsmultieni-sandbox", "awsmultieni-ipam", "awsmultieni-member", "awsmultieni-tls", "awsmultieni-agent-tls", "awsmultieni-silo-key",
             CallerToken.RequestContextKey, AwsMultiEni.Silo.Security.SiloCallProof.RequestContextKey]));
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_readme_install_renders_the_plain_manifests_objects_containers_and_security(int major)
    {
        var helm = new Helm(major);
        foreach (var (chart, folder, workloads) in new[] { (Silo, "deploy/silo", new[] { "Deployment/awsmultieni-silo", "Deployment/awsmultieni-dashboard" }), (Cluster, "deploy/cluster", ["DaemonSet/awsmultieni-agent"]) })
        {
            var rendered = await chart.RenderAsync(helm, "readme-values.yaml");
            var plain = DeployManifests.Load(folder);
            Assert.Equal(Names(plain).Where(n => !n.StartsWith("Namespace/", StringComparison.Ordinal)), Names(rendered));

            // What each identity may do is the same too.
            foreach (var role in plain.Objects.Where(o => (string?)o["kind"] is "ClusterRole" or "Role"))
            {
                Assert.Equal(role["rules"]!.ToJsonString(), rendered.Get((string)role["kind"]!, (string)role["metadata"]!["name"]!)["rules"]!.ToJsonString());
            }

            foreach (var (kind, name) in workloads.Select(w => (w.Split('/')[0], w.Split('/')[1])))
            {
                var (renderedPod, plainPod) = (Pod(rendered.Get(kind, name)), Pod(plain.Get(kind, name)));
                Assert.Equal(plainPod["securityContext"]?.ToJsonString(), renderedPod["securityContext"]?.ToJsonString());
                Assert.Equal(plainPod["automountServiceAccountToken"]?.ToJsonString(), renderedPod["automountServiceAccountToken"]?.ToJsonString());
                Assert.Equal(Volumes(plainPod), Volumes(renderedPod));
                foreach (var container in plainPod["containers"]!.AsArray().Select(c => (string)c!["name"]!))
                {
                    var (a, b) = (DeployManifests.Container(plain.Get(kind, name), container), DeployManifests.Container(rendered.Get(kind, name), container));
                    Assert.Equal(plain.Environment(a).Keys.Order(StringComparer.Ordinal), rendered.Environment(b).Keys.Order(StringComparer.Ordinal));
                    Assert.Equal(a["securityContext"]!.ToJsonString(), b["securityContext"]!.ToJsonString());
                    Assert.Equal(a["lifecycle"]?.ToJsonString(), b["lifecycle"]?.ToJsonString());
                    Assert.Equal(a["volumeMounts"]?.ToJsonString(), b["volumeMounts"]?.ToJsonString());
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Silo_pods_meet_the_restricted_profile_and_the_agent_adds_net_admin_only_unless_dpdk(int major)
    {
        var helm = new Helm(major);
        foreach (var values in Silo.ValuesFiles)
        {
            var rendered = await Silo.RenderAsync(helm, values);
            var deployments = rendered.Objects.Where(o => (string?)o["kind"] == "Deployment").ToList();
            Assert.Equal(2, deployments.Count);
            foreach (var pod in deployments.Select(Pod))
            {
                Assert.Equal(("true", "RuntimeDefault"), (Text(pod, "securityContext.runAsNonRoot"), Text(pod, "securityContext.seccompProfile.type")));
                Assert.All(pod["containers"]!.AsArray().Select(c => c!.AsObject()), container =>
                {
                    var security = container["securityContext"]!.AsObject();
                    Assert.Equal(("true", "false", "true"), (Text(security, "runAsNonRoot"), Text(security, "allowPrivilegeEscalation"), Text(security, "readOnlyRootFilesystem")));
                    Assert.Equal("""["ALL"]""", security["capabilities"]!["drop"]!.ToJsonString());
                    Assert.Null(security["capabilities"]!["add"]);
                    Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/tmp");
                });
            }
        }

        var readme = await Cluster.RenderAsync(helm, "readme-values.yaml");
        var agent = DeployManifests.Container(readme.Get("DaemonSet", "awsmultieni-agent"), "agent");
        Assert.Equal(("false", """["ALL"]""", """["NET_ADMIN"]""", "RuntimeDefault"), (
            Text(agent, "securityContext.allowPrivilegeEscalation"), agent["securityContext"]!["capabilities"]!["drop"]!.ToJsonString(),
            agent["securityContext"]!["capabilities"]!["add"]!.ToJsonString(), Text(agent, "securityContext.seccompProfile.type")));
        Assert.Null(agent["securityContext"]!["privileged"]);
        Assert.Equal($"http://{DeployManifests.HostIP}:10290", readme.Environment(agent)["ASPNETCORE_URLS"]);

        var dpdk = DeployManifests.Container((await Cluster.RenderAsync(helm, "dpdk-values.yaml")).Get("DaemonSet", "awsmultieni-agent"), "agent");
        Assert.Equal("true", Text(dpdk, "securityContext.privileged"));
        Assert.Equal("false", Text(dpdk["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "sys")!.AsObject(), "readOnly"));
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Values_of_the_wrong_shape_are_refused_by_the_schema_before_anything_renders(int major)
    {
        var helm = new Helm(major);
        string[][] silo = [["--set", "replicas=three"], ["--set", "aws.region=Europe"], ["--set", "fleet.driftInterval=5m"], ["--set", "dashboard.enabld=false"],
            ["--set", "dashboard.oidc.authority=login.example.com"], ["--set", "dashboard.trustedProxies={ingress-nginx}"]];
        string[][] cluster = [["--set", "silo.gateways={gateway-without-port}"], ["--set", "devicePlugin.labels=*"]];
        foreach (var (chart, args) in silo.Select(a => (Silo, a)).Concat(cluster.Select(a => (Cluster, a))))
        {
            var refused = await helm.RunAsync(["template", "x", chart.Folder, "-f", chart.ValuesFile("readme-values.yaml"), .. args]);
            Assert.True(refused.ExitCode != 0, $"helm {major} rendered {chart.Name} with {string.Join(' ', args)}.");
            Assert.Contains("schema", refused.Error, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_cluster_charts_crd_is_a_file_identical_to_deploy_crds()
    {
        var crd = new FileInfo(Path.Combine(Cluster.Folder, "crds", "networking.k8s.aws_nodeenis.yaml"));

        Assert.Null(crd.LinkTarget);
        Assert.Equal(File.ReadAllText(RepositoryFiles.PathOf("deploy/crds/networking.k8s.aws_nodeenis.yaml")), File.ReadAllText(crd.FullName));
    }

    private static JsonObject Pod(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    private static List<string> Names(DeployManifests manifests) =>
        [.. manifests.Objects.Select(o => $"{o["kind"]}/{o["metadata"]!["name"]}").Order(StringComparer.Ordinal)];

    private static List<string> Volumes(JsonObject pod) =>
        [.. (pod["volumes"]?.AsArray() ?? []).Select(v => (string)v!["name"]!).Order(StringComparer.Ordinal)];

    private static string Text(JsonObject root, string path) =>
        path.Split('.').Aggregate((JsonNode?)root, (node, key) => node?[key])?.ToString() ?? throw new InvalidOperationException($"No {path}.");

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex(@"(?<![\w/.-])awsmultieni-[a-z]+(?:-[a-z]+)*(?![\w.-])")]
    private static partial Regex ObjectName();
}
