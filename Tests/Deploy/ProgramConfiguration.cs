using AwsMultiEni.Agent.Hosting;
using AwsMultiEni.Dashboard;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>The configuration each deployed program reads: its settings sections and the variables read outside them.</summary>
internal static class ProgramConfiguration
{
    public static IReadOnlyCollection<SettingsSection> SiloSections { get; } =
    [
        new(SiloSettings.SectionName, typeof(SiloSettings)),
        new(FleetSettings.SectionName, typeof(FleetSettings)),
        new(Ec2GatewayOptions.SectionName, typeof(Ec2GatewayOptions)),
    ];

    /// <summary>The AWS SDK's region and ASP.NET Core's listen addresses (health, readiness, metrics).</summary>
    public static IReadOnlyCollection<string> SiloProcessVariables { get; } = ["AWS_REGION", "ASPNETCORE_URLS"];

    public static IReadOnlyCollection<SettingsSection> DashboardSections { get; } =
        [new(DashboardClientSettings.SectionName, typeof(DashboardClientSettings))];

    public static IReadOnlyCollection<string> DashboardProcessVariables { get; } = ["ASPNETCORE_URLS"];

    public static IReadOnlyCollection<SettingsSection> AgentSections { get; } = [new(AgentPaths.Section, typeof(AgentPaths))];

    /// <summary>
    /// The agent's environment contract, agreed with the agent's host: the node it runs on, the
    /// fleet cluster it belongs to, the silo gateways (<c>host:port</c>, indexed), the Orleans ids,
    /// its host paths, and where <c>/healthz</c> and <c>/metrics</c> listen.
    /// </summary>
    public static IReadOnlyCollection<string> AgentContract { get; } =
    [
        "NODE_NAME", "Agent__Cluster", "Agent__Gateways__0", "Orleans__ClusterId", "Orleans__ServiceId",
        "Agent__SysfsRoot", "Agent__StatePath", "Agent__SriovConfigPath", "ASPNETCORE_URLS",
    ];
}
