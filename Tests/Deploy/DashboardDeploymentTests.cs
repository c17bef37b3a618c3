using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// The dashboard as the plain manifests and the chart deploy it: a Deployment of its own with its own ServiceAccount
/// and nothing of AWS, the projected token of the security contract mounted where <c>Security__TokenFile</c> points,
/// selectors that keep dashboard and silo pods apart, and NetworkPolicies that let the dashboard reach the gateways.
/// </summary>
public sealed class DashboardDeploymentTests
{
    private const string TokenFile = "/var/run/secrets/awsmultieni/token";

    public static TheoryData<int> Majors => Helm.Majors;

    [Fact]
    public void The_plain_manifests_run_the_dashboard_apart_with_its_own_identity_and_no_aws()
    {
        ChecksApart(DeployManifests.Load("deploy/silo"), "awsmultieni", "awsmultieni-dashboard");
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_chart_runs_the_dashboard_apart_with_its_own_identity_and_no_aws_whatever_the_values(int major)
    {
        var helm = new Helm(major);
        var chart = new HelmChart("awsmultieni-silo");
        ChecksApart(await chart.RenderAsync(helm, "readme-values.yaml"), "awsmultieni", "awsmultieni-dashboard");

        var everything = await chart.RenderAsync(helm, "everything-values.yaml");
        ChecksApart(everything, "fleet-eu", "platform-dashboard");

        // The NetworkPolicies: the dashboard reaches the silos' gateway, and only the listed peers reach the dashboard.
        var dashboardLabels = PodLabels(everything.Get("Deployment", "fleet-eu-dashboard"));
        var siloPolicy = everything.Get("NetworkPolicy", "fleet-eu-silo");
        Assert.Contains(siloPolicy["spec"]!["ingress"]!.AsArray(), rule =>
            rule!["from"]!.AsArray().Any(f => f!["podSelector"] is { } selector && Selects(selector["matchLabels"]!, dashboardLabels))
            && rule["ports"]!.AsArray().Select(p => (string?)p!["port"]).SequenceEqual(["gateway"]));
        var dashboardPolicy = everything.Get("NetworkPolicy", "fleet-eu-dashboard");
        Assert.True(Selects(dashboardPolicy["spec"]!["podSelector"]!["matchLabels"]!, dashboardLabels));
        var allowed = Assert.Single(dashboardPolicy["spec"]!["ingress"]!.AsArray())!;
        Assert.Equal((siloPolicy["spec"]!["ingress"]!.AsArray()[^1]!["from"]!.ToJsonString(), "dashboard"), (allowed["from"]!.ToJsonString(), (string?)allowed["ports"]![0]!["port"]));

        // The client secret: a file from the named Secret, where Dashboard__Oidc__ClientSecretFile points.
        var deployment = everything.Get("Deployment", "fleet-eu-dashboard");
        var container = DeployManifests.Container(deployment, "dashboard");
        var (volume, path) = MountedFile(deployment, container, everything.Environment(container)["Dashboard__Oidc__ClientSecretFile"]);
        Assert.Equal("dashboard-oidc", (string?)volume["secret"]!["secretName"]);
        Assert.Contains(volume["secret"]!["items"]!.AsArray(), item => (string?)item!["key"] == "secret" && (string?)item["path"] == path);
    }

    private static void ChecksApart(DeployManifests manifests, string prefix, string serviceAccount)
    {
        var silo = manifests.Get("Deployment", $"{prefix}-silo");
        var dashboard = manifests.Get("Deployment", $"{prefix}-dashboard");
        Assert.Equal(["silo"], Containers(silo));
        Assert.Equal(["dashboard"], Containers(dashboard));

        // No AWS identity: no AWS variable, no ConfigMap of the silos', a ServiceAccount of its own without an IAM role.
        var container = DeployManifests.Container(dashboard, "dashboard");
        var environment = manifests.Environment(container);
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("AWS_", StringComparison.Ordinal));
        Assert.Null(container["envFrom"]);
        var pod = dashboard["spec"]!["template"]!["spec"]!;
        Assert.Equal(serviceAccount, (string?)pod["serviceAccountName"]);
        Assert.NotEqual((string?)silo["spec"]!["template"]!["spec"]!["serviceAccountName"], serviceAccount);
        Assert.False((bool)pod["automountServiceAccountToken"]!);
        if (manifests.Objects.SingleOrDefault(o => (string?)o["kind"] == "ServiceAccount" && (string?)o["metadata"]!["name"] == serviceAccount) is { } account)
        {
            Assert.Null(account["metadata"]!["annotations"]);
            Assert.False((bool)account["automountServiceAccountToken"]!);
        }

        // Its identity towards the silos: the projected token for the audience awsmultieni, where Security__TokenFile points.
        Assert.Equal(TokenFile, environment["Security__TokenFile"]);
        var (volume, path) = MountedFile(dashboard, container, TokenFile);
        var token = Assert.Single(volume["projected"]!["sources"]!.AsArray())!["serviceAccountToken"]!;
        Assert.Equal(("awsmultieni", path), ((string?)token["audience"], (string?)token["path"]));

        // Silo selectors never take a dashboard pod, and the dashboard's Service takes only dashboard pods.
        var (siloLabels, dashboardLabels) = (PodLabels(silo), PodLabels(dashboard));
        var siloSelectors = new[]
        {
            silo["spec"]!["selector"]!["matchLabels"]!,
            manifests.Get("Service", $"{prefix}-gateway")["spec"]!["selector"]!,
            manifests.Get("Service", $"{prefix}-silo-gateways")["spec"]!["selector"]!,
            manifests.Get("PodDisruptionBudget", $"{prefix}-silo")["spec"]!["selector"]!["matchLabels"]!,
        };
        Assert.All(siloSelectors, selector => Assert.True(Selects(selector, siloLabels) && !Selects(selector, dashboardLabels), selector.ToJsonString()));
        var dashboardService = manifests.Get("Service", $"{prefix}-dashboard")["spec"]!;
        Assert.True(Selects(dashboardService["selector"]!, dashboardLabels) && !Selects(dashboardService["selector"]!, siloLabels));
        Assert.Equal("dashboard", (string?)dashboardService["ports"]![0]!["targetPort"]);

        // The gateways it connects to are the headless Service's, named as it resolves them.
        var headless = manifests.Get("Service", $"{prefix}-silo-gateways")["spec"]!;
        Assert.Equal("None", (string?)headless["clusterIP"]);
        Assert.Equal($"{prefix}-silo-gateways", environment["Orleans__GatewayAddress"]);
    }

    /// <summary>The volume a file is mounted from (read-only), and the file's path inside it.</summary>
    private static (JsonObject Volume, string Path) MountedFile(JsonObject workload, JsonObject container, string file)
    {
        var mount = Assert.Single(container["volumeMounts"]!.AsArray(), m => file.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal))!;
        Assert.True((bool)mount["readOnly"]!);
        var volume = workload["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)mount["name"])!.AsObject();
        return (volume, file[((string)mount["mountPath"]!).Length..].TrimStart('/'));
    }

    private static List<string> Containers(JsonObject workload) =>
        [.. workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!)];

    private static JsonObject PodLabels(JsonObject workload) => workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    private static bool Selects(JsonNode selector, JsonObject labels) =>
        selector.AsObject().All(pair => labels[pair.Key]?.ToString() == pair.Value?.ToString());
}
