using System.Net;
using AwsMultiEni.Agent.Hosting;
using AwsMultiEni.Dashboard;
using AwsMultiEni.Dashboard.SignIn;
using AwsMultiEni.Security;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>Every variable the plain manifests set is one its program reads, and what they set binds to a working setup.</summary>
public sealed class ManifestConfigurationTests
{
    private static readonly DeployManifests Silo = DeployManifests.Load("deploy/silo");
    private static readonly DeployManifests Cluster = DeployManifests.Load("deploy/cluster");

    [Fact]
    public void Silo_container_sets_only_keys_the_silo_reads_and_they_bind_to_a_DynamoDB_silo_registering_the_EKS_cluster()
    {
        var environment = Silo.Environment(DeployManifests.Container(Silo.Get("Deployment", "awsmultieni-silo"), "silo"));

        Assert.All(environment.Keys, key => Assert.True(
            ConfigurationKeys.IsRead(key, ProgramConfiguration.SiloSections, ProgramConfiguration.SiloProcessVariables),
            $"The silo reads no configuration key '{key}'."));

        var configuration = ConfigurationKeys.Build(environment);
        var settings = SiloSettings.From(configuration);
        Assert.Equal((SiloHostingExtensions.DynamoDBProvider, SiloHostingExtensions.DynamoDBProvider), (settings.Clustering.Provider, settings.Persistence.Provider));
        Assert.Equal(IPAddress.Parse(DeployManifests.PodIP), settings.Endpoints.ParseAdvertisedIP());
        Assert.Equal((11111, 30000), (settings.Endpoints.SiloPort, settings.Endpoints.GatewayPort));
        Assert.Equal(("OrleansSilos", "OrleansGrainState", "OrleansReminders"), (settings.DynamoDB.SilosTable, settings.DynamoDB.GrainStateTable, settings.DynamoDB.RemindersTable));

        var cluster = Assert.Single(FleetSettings.From(configuration).Clusters).ToRegistration(0);
        Assert.Equal(("prod-eu-1", "eu-west-1", false), (cluster.Name, cluster.Region, cluster.InCluster));
        Assert.Null(cluster.Kubeconfig);
        Assert.Equal("prod-eu-1", cluster.Eks!.ClusterName);
        Assert.Equal(Uri.UriSchemeHttps, cluster.Eks.Endpoint.Scheme);
        Assert.Equal(environment["AWS_REGION"], cluster.Region);
    }

    [Fact]
    public void Dashboard_reads_its_keys_and_finds_every_ready_silo_through_their_headless_service()
    {
        var silo = SiloSettings.From(ConfigurationKeys.Build(Silo.Environment(DeployManifests.Container(Silo.Get("Deployment", "awsmultieni-silo"), "silo"))));
        var environment = Silo.Environment(DeployManifests.Container(Silo.Get("Deployment", "awsmultieni-dashboard"), "dashboard"));

        Assert.All(environment.Keys, key => Assert.True(
            ConfigurationKeys.IsRead(key, ProgramConfiguration.DashboardSections, ProgramConfiguration.DashboardProcessVariables),
            $"The dashboard reads no configuration key '{key}'."));

        var dashboard = DashboardClientSettings.From(ConfigurationKeys.Build(environment)).FleetClient();
        Assert.Equal((silo.ClusterId, silo.ServiceId), (dashboard.ClusterId, dashboard.ServiceId));
        Assert.Empty(dashboard.Problems());
        var headless = Silo.Get("Service", "awsmultieni-silo-gateways");
        Assert.Equal([$"awsmultieni-silo-gateways:{silo.Endpoints.GatewayPort}"], dashboard.Gateways);
        Assert.Equal(("None", silo.Endpoints.GatewayPort, "gateway"), ((string?)headless["spec"]!["clusterIP"], (int)(long)headless["spec"]!["ports"]![0]!["port"]!, (string?)headless["spec"]!["ports"]![0]!["targetPort"]));
        Assert.Equal(Silo.Get("Service", "awsmultieni-gateway")["spec"]!["selector"]!.ToJsonString(), headless["spec"]!["selector"]!.ToJsonString());
    }

    [Fact]
    public void Dashboard_defaults_reach_a_silo_started_with_its_defaults()
    {
        var silo = SiloSettings.From(ConfigurationKeys.Build(new Dictionary<string, string>()));
        var dashboard = DashboardClientSettings.From(ConfigurationKeys.Build(new Dictionary<string, string>())).FleetClient();

        Assert.Equal((silo.ClusterId, silo.ServiceId), (dashboard.ClusterId, dashboard.ServiceId));
        Assert.Equal([$"{IPAddress.Loopback}:{silo.Endpoints.GatewayPort}"], dashboard.Gateways);
    }

    [Fact]
    public void Agent_daemonset_sets_exactly_the_agent_environment_contract_with_the_silo_sets_ids()
    {
        var environment = Cluster.Environment(DeployManifests.Container(Cluster.Get("DaemonSet", "awsmultieni-agent"), "agent"));

        Assert.Equal(ProgramConfiguration.AgentContract.Order(StringComparer.Ordinal), environment.Keys.Order(StringComparer.Ordinal));
        var paths = ConfigurationKeys.Build(environment).GetSection(AgentPaths.Section).Get<AgentPaths>()!;
        Assert.Equal(("/host/sys", "/var/lib/awsmultieni/agent-state.json"), (paths.SysfsRoot, paths.StatePath));
        Assert.True(ConfigurationKeys.IsRead("Agent__SysfsRoot", ProgramConfiguration.AgentSections, []));

        var silo = Silo.Environment(DeployManifests.Container(Silo.Get("Deployment", "awsmultieni-silo"), "silo"));
        Assert.Equal((silo["Orleans__ClusterId"], silo["Orleans__ServiceId"]), (environment["Orleans__ClusterId"], environment["Orleans__ServiceId"]));
        Assert.EndsWith($":{silo["Orleans__Endpoints__GatewayPort"]}", environment["Agent__Gateways__0"], StringComparison.Ordinal);
        Assert.Equal(silo["Fleet__Clusters__0__Name"], environment["Agent__Cluster"]);
    }

    [Fact]
    public void Agent_mounts_the_host_paths_its_settings_point_into()
    {
        var daemonSet = Cluster.Get("DaemonSet", "awsmultieni-agent");
        var container = DeployManifests.Container(daemonSet, "agent");
        var environment = Cluster.Environment(container);
        var mounts = container["volumeMounts"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => (string)m!["mountPath"]!);
        var volumes = daemonSet["spec"]!["template"]!["spec"]!["volumes"]!.AsArray();
        var hostPaths = volumes.Where(v => v!["hostPath"] is not null).ToDictionary(v => (string)v!["name"]!, v => (string)v!["hostPath"]!["path"]!);
        var token = volumes.Single(v => v!["projected"] is not null)!["projected"]!["sources"]![0]!["serviceAccountToken"]!;

        Assert.Equal(("/sys", environment["Agent__SysfsRoot"]), (hostPaths["sys"], mounts["sys"]));
        Assert.StartsWith(mounts["state"] + "/", environment["Agent__StatePath"], StringComparison.Ordinal);
        Assert.StartsWith(mounts["pcidp"] + "/", environment["Agent__SriovConfigPath"], StringComparison.Ordinal);
        Assert.StartsWith(mounts["state"] + "/", environment["Agent__IpamDataDir"], StringComparison.Ordinal);
        Assert.Equal(("/var/lib/awsmultieni", "/etc/pcidp"), (hostPaths["state"], hostPaths["pcidp"]));
        Assert.Equal((CallerToken.Audience, mounts["fleet-token"] + "/" + (string)token["path"]!), ((string)token["audience"]!, environment["Security__TokenFile"]));
        Assert.True((bool)daemonSet["spec"]!["template"]!["spec"]!["hostNetwork"]!);
        Assert.Equal(new[] { "NET_ADMIN" }, container["securityContext"]!["capabilities"]!["add"]!.AsArray().Select(c => (string)c!));
        Assert.Null(container["securityContext"]!["privileged"]);
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Every_variable_the_charts_render_with_every_option_set_is_read_and_binds_as_set(int major)
    {
        var helm = new Helm(major);
        var silo = await new HelmChart("awsmultieni-silo").RenderAsync(helm, "everything-values.yaml");
        var deployment = silo.Get("Deployment", "fleet-eu-silo");
        var siloEnvironment = silo.Environment(DeployManifests.Container(deployment, "silo"));
        var extra = new[] { "Logging__LogLevel__Default" };

        Assert.All(siloEnvironment.Keys.Except(extra), key => Assert.True(
            ConfigurationKeys.IsRead(key, ProgramConfiguration.SiloSections, ProgramConfiguration.SiloProcessVariables),
            $"The silo reads no configuration key '{key}'."));
        var dashboardEnvironment = silo.Environment(DeployManifests.Container(silo.Get("Deployment", "fleet-eu-dashboard"), "dashboard"));
        Assert.All(dashboardEnvironment.Keys.Except(extra), key => Assert.True(
            ConfigurationKeys.IsRead(key, ProgramConfiguration.DashboardSections, ProgramConfiguration.DashboardProcessVariables),
            $"The dashboard reads no configuration key '{key}'."));
        var dashboard = DashboardSettings.From(ConfigurationKeys.Build(dashboardEnvironment));
        Assert.Equal(("https://login.example.com/realms/platform", "awsmultieni-dashboard", "roles"), (dashboard.Oidc.Authority, dashboard.Oidc.ClientId, dashboard.Oidc.GroupsClaim));
        Assert.Equal(["groups", "email"], dashboard.Oidc.Scopes);
        Assert.Equal(["network-operators", "sre"], dashboard.Oidc.AllowedGroups);
        Assert.Equal(["10.0.0.0/16"], dashboard.TrustedProxies);
        // The secret file exists only in the pod (ChartTests checks it is mounted there); everything else is usable.
        Assert.DoesNotContain(dashboard.Problems(), p => !p.Contains("ClientSecretFile", StringComparison.Ordinal));

        var configuration = ConfigurationKeys.Build(siloEnvironment);
        var membership = configuration.GetSection(SiloHostingExtensions.MembershipSection).Get<ClusterMembershipOptions>()!;
        Assert.Equal((TimeSpan.FromSeconds(3), 2, TimeSpan.FromSeconds(30)), (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.TableRefreshTimeout));
        var ec2 = configuration.GetSection(Ec2GatewayOptions.SectionName).Get<Ec2GatewayOptions>()!;
        Assert.Equal((100, 10.0, 200), (ec2.Budget.Mutating.Capacity, ec2.Budget.Mutating.RefillPerSecond, ec2.Budget.CreateNetworkInterface.Capacity));
        var fleet = FleetSettings.From(configuration);
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromHours(1)), (fleet.DriftInterval, fleet.OrphanGracePeriod));
        var registration = Assert.Single(fleet.Clusters).ToRegistration(0);
        Assert.Equal(("prod-eu-1-eks", "arn:aws:iam::444455556666:role/awsmultieni-member"), (registration.Eks!.ClusterName, registration.RoleArn));
        // 60 s of grace: 10 s of preStop pause, then the host's shutdown, with 5 s left to exit.
        Assert.Equal("45", siloEnvironment["DOTNET_SHUTDOWNTIMEOUTSECONDS"]);

        var cluster = await new HelmChart("awsmultieni-cluster").RenderAsync(helm, "everything-values.yaml");
        var agent = cluster.Environment(DeployManifests.Container(cluster.Get("DaemonSet", "fleet-agent"), "agent"));
        Assert.Equal(ProgramConfiguration.AgentContract.Append("Agent__Gateways__1").Concat(extra).Order(StringComparer.Ordinal), agent.Keys.Order(StringComparer.Ordinal));
        var agentConfiguration = ConfigurationKeys.Build(agent);
        var settings = AgentSettings.From(agentConfiguration);
        Assert.Equal(("sriov", "app.kubernetes.io/name=sriov-device-plugin"), (settings.PluginNamespace, settings.PluginLabels));
        Assert.Empty(AgentSettings.Problems(agentConfiguration));
    }

    public static TheoryData<int> Majors => Helm.Majors;
}
