using AwsMultiEni.Agent.Hosting;
using AwsMultiEni.Dashboard;
using AwsMultiEni.Dashboard.SignIn;
using AwsMultiEni.Security.Tls;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Silo.Security;
using Orleans.Configuration;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>The configuration each deployed program reads: its settings sections and the variables read outside them.</summary>
internal static class ProgramConfiguration
{
    public static IReadOnlyCollection<SettingsSection> SiloSections { get; } =
    [
        new(SiloSettings.SectionName, typeof(SiloSettings)),
        new(FleetSettings.SectionName, typeof(FleetSettings)),
        new(Ec2GatewayOptions.SectionName, typeof(Ec2GatewayOptions)),
        new(WatchSettings.SectionName, typeof(WatchSettings)),
        new(ClusterLeaseSettings.SectionName, typeof(ClusterLeaseSettings)),
        new(SiloHostingExtensions.MembershipSection, typeof(ClusterMembershipOptions)),
        new(SiloHostingExtensions.GrainDirectorySection, typeof(GrainDirectoryOptions)),
        new(TlsSettings.SectionName, typeof(TlsSettings)),
        new(SecuritySettings.SectionName, typeof(SecuritySettings)),
    ];

    /// <summary>The AWS SDK's region, ASP.NET Core's listen addresses (health, readiness, metrics) and the .NET host's shutdown timeout.</summary>
    public static IReadOnlyCollection<string> SiloProcessVariables { get; } = ["AWS_REGION", "ASPNETCORE_URLS", ShutdownTimeout];

    public static IReadOnlyCollection<SettingsSection> DashboardSections { get; } =
        [new(DashboardClientSettings.SectionName, typeof(DashboardClientSettings)), new(DashboardSettings.SectionName, typeof(DashboardSettings)), new(TlsSettings.SectionName, typeof(TlsSettings))];

    /// <summary>Also the token the dashboard proves its role with (<c>Security__TokenFile</c>, read by the Orleans client's setup).</summary>
    public static IReadOnlyCollection<string> DashboardProcessVariables { get; } = ["ASPNETCORE_URLS", ShutdownTimeout, "Security__TokenFile"];

    /// <summary>The .NET host reads <c>shutdownTimeoutSeconds</c> from its <c>DOTNET_</c>-prefixed variables.</summary>
    private const string ShutdownTimeout = "DOTNET_SHUTDOWNTIMEOUTSECONDS";

    public static IReadOnlyCollection<SettingsSection> AgentSections { get; } = [new(AgentPaths.Section, typeof(AgentPaths))];

    /// <summary>
    /// The agent's environment contract, agreed with the agent's host: the node it runs on, the
    /// fleet cluster it belongs to, the silo gateways (<c>host:port</c>, indexed), the Orleans ids,
    /// its host paths, the device plugin pods it restarts, where <c>/healthz</c> and <c>/metrics</c>
    /// listen (the node's address, <c>HOST_IP</c>, expanded into <c>ASPNETCORE_URLS</c> by the kubelet), its TLS
    /// certificate's directory, and the token that proves its node (<c>Security__TokenFile</c>).
    /// </summary>
    public static IReadOnlyCollection<string> AgentContract { get; } =
    [
        "NODE_NAME", "HOST_IP", "Agent__Cluster", "Agent__Gateways__0", "Orleans__ClusterId", "Orleans__ServiceId",
        "Agent__SysfsRoot", "Agent__StatePath", "Agent__SriovConfigPath", "Agent__IpamDataDir", "Agent__PluginNamespace", "Agent__PluginLabels", "ASPNETCORE_URLS",
        "Security__Tls__Directory",
        "Security__TokenFile",
    ];
}
