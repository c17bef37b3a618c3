using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>The Helm charts are valid charts whose templates use only values they declare and write what the plain manifests write.</summary>
public sealed partial class ChartTests
{
    public static TheoryData<string> Charts { get; } = ["awsmultieni-silo", "awsmultieni-cluster"];

    /// <summary>Chart, template, the plain manifest folder with the same objects, and that folder's workload.</summary>
    public static TheoryData<string, string, string, string> Workloads { get; } = new()
    {
        { "awsmultieni-silo", "deployment.yaml", "deploy/silo", "Deployment" },
        { "awsmultieni-cluster", "agent-daemonset.yaml", "deploy/cluster", "DaemonSet" },
    };

    [Theory]
    [MemberData(nameof(Charts))]
    public void Chart_yaml_is_a_valid_v2_application_chart_named_as_its_folder(string name)
    {
        var chart = new HelmChart(name).Chart;

        Assert.Equal(("v2", name, "application"), ((string?)chart["apiVersion"], (string?)chart["name"], (string?)chart["type"]));
        Assert.Matches(SemVer(), (string)chart["version"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)chart["appVersion"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)chart["description"]));
        Assert.True(File.Exists(Path.Combine(new HelmChart(name).Folder, "templates", "NOTES.txt")));
        Assert.True(File.Exists(Path.Combine(new HelmChart(name).Folder, "templates", "_helpers.tpl")));
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void Every_value_a_template_reads_is_declared_in_values_yaml(string name)
    {
        var chart = new HelmChart(name);
        var paths = chart.ValuePaths().ToList();

        Assert.NotEmpty(paths);
        Assert.All(paths, path => Assert.True(Declared(chart.Values, path.Split('.')), $"{name}: .Values.{path} is not in values.yaml."));
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void Every_template_closes_its_blocks_and_includes_only_defined_templates(string name)
    {
        var chart = new HelmChart(name);

        Assert.All(chart.Templates, t => Assert.True(
            HelmChart.Openings(t.Value) == HelmChart.Ends(t.Value),
            $"{name}/templates/{t.Key}: {HelmChart.Openings(t.Value)} blocks opened, {HelmChart.Ends(t.Value)} ended."));
        Assert.Empty(chart.Included().Except(chart.Defined()));
        Assert.All(chart.Templates, t => Assert.DoesNotContain('\t', t.Value));
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Chart_writes_the_objects_and_environment_names_of_the_plain_manifests(string name, string template, string folder, string workloadKind)
    {
        var chart = new HelmChart(name);
        var plain = DeployManifests.Load(folder);

        var plainKinds = plain.Objects.Select(o => (string)o["kind"]!).Where(k => k != "Namespace").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(plainKinds.Order(StringComparer.Ordinal), chart.Templates.Values.SelectMany(HelmChart.Kinds).Distinct().Order(StringComparer.Ordinal));

        var workload = plain.Objects.Single(o => (string?)o["kind"] == workloadKind);
        var plainEnv = workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
            .SelectMany(c => c!["env"]!.AsArray().Select(e => (string)e!["name"]!))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(plainEnv.Order(StringComparer.Ordinal), HelmChart.EnvironmentNames(chart.Template(template)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Silo_chart_registers_clusters_under_the_keys_of_the_plain_fleet_ConfigMap()
    {
        var plain = DeployManifests.Load("deploy/silo").Get("ConfigMap", "awsmultieni-fleet")["data"]!.AsObject().Select(d => d.Key);
        var chart = HelmChart.DataKeys(new HelmChart("awsmultieni-silo").Template("fleet-configmap.yaml"));

        Assert.Equal(plain.Order(StringComparer.Ordinal), chart.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Chart_defaults_are_the_plain_manifests_values()
    {
        var silo = new HelmChart("awsmultieni-silo").Values;
        var siloPlain = DeployManifests.Load("deploy/silo");
        var deployment = siloPlain.Get("Deployment", "awsmultieni-silo");
        var siloEnv = siloPlain.Environment(DeployManifests.Container(deployment, "silo"));
        var dashboardEnv = siloPlain.Environment(DeployManifests.Container(deployment, "dashboard"));
        Assert.Equal(
            (siloEnv["Orleans__ClusterId"], siloEnv["Orleans__ServiceId"], siloEnv["Orleans__Endpoints__SiloPort"], siloEnv["Orleans__Endpoints__GatewayPort"]),
            (Text(silo, "orleans.clusterId"), Text(silo, "orleans.serviceId"), Text(silo, "orleans.siloPort"), Text(silo, "orleans.gatewayPort")));
        Assert.Equal(
            (siloEnv["Orleans__DynamoDB__CreateTables"], siloEnv["Orleans__DynamoDB__SilosTable"], siloEnv["Orleans__DynamoDB__GrainStateTable"], siloEnv["Orleans__DynamoDB__RemindersTable"]),
            (Text(silo, "dynamodb.createTables"), Text(silo, "dynamodb.silosTable"), Text(silo, "dynamodb.grainStateTable"), Text(silo, "dynamodb.remindersTable")));
        Assert.Equal(($"http://+:{Text(silo, "httpPort")}", $"http://+:{Text(silo, "dashboard.port")}"), (siloEnv["ASPNETCORE_URLS"], dashboardEnv["ASPNETCORE_URLS"]));
        Assert.Equal(Text(deployment, "spec.replicas"), Text(silo, "replicas"));

        var cluster = new HelmChart("awsmultieni-cluster").Values;
        var clusterPlain = DeployManifests.Load("deploy/cluster");
        var agentEnv = clusterPlain.Environment(DeployManifests.Container(clusterPlain.Get("DaemonSet", "awsmultieni-agent"), "agent"));
        Assert.Equal(
            (agentEnv["Orleans__ClusterId"], agentEnv["Orleans__ServiceId"], agentEnv["Agent__SysfsRoot"], agentEnv["Agent__StatePath"], agentEnv["Agent__SriovConfigPath"], agentEnv["ASPNETCORE_URLS"]),
            (Text(cluster, "silo.clusterId"), Text(cluster, "silo.serviceId"), Text(cluster, "agent.sysfsRoot"), Text(cluster, "agent.stateDir") + "/agent-state.json",
             Text(cluster, "agent.sriovConfigDir") + "/config.json", $"http://0.0.0.0:{Text(cluster, "agent.httpPort")}"));
        Assert.Equal(Text(clusterPlain.Get("Role", "awsmultieni-agent"), "metadata.namespace"), Text(cluster, "devicePlugin.namespace"));
        Assert.Equal(
            Text(clusterPlain.Get("ClusterRoleBinding", "awsmultieni-silo")["subjects"]![0]!.AsObject(), "name"),
            Text(cluster, "silo.kubernetesGroup"));
    }

    [Fact]
    public void Cluster_chart_installs_the_CRD_of_deploy_crds_through_a_link_not_a_copy()
    {
        var crds = Path.Combine(new HelmChart("awsmultieni-cluster").Folder, "crds");
        var link = new FileInfo(Assert.Single(Directory.GetFiles(crds)));

        Assert.NotNull(link.LinkTarget);
        Assert.Equal(
            RepositoryFiles.PathOf("deploy/crds/networking.k8s.aws_nodeenis.yaml"),
            Path.GetFullPath(Path.Combine(crds, link.LinkTarget)));
    }

    private static string Text(JsonObject root, string path) =>
        path.Split('.').Aggregate((JsonNode?)root, (node, key) => node?[key])?.ToString() ?? throw new InvalidOperationException($"No {path}.");

    private static bool Declared(JsonObject values, IEnumerable<string> path)
    {
        JsonNode? node = values;
        foreach (var segment in path)
        {
            if (node is not JsonObject obj || !obj.ContainsKey(segment))
            {
                return false;
            }

            node = obj[segment];
        }

        return true;
    }

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();
}
