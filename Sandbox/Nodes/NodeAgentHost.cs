using System.Globalization;
using AwsMultiEni.Agent.Hosting;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.Sriov;
using k8s;
using Microsoft.Extensions.Hosting;

namespace AwsMultiEni.Sandbox.Nodes;

/// <summary>
/// The real agent of one simulated node, in the Sandbox's process: the agent's own services (<see cref="AgentHostingExtensions.AddNodeAgent"/>
/// and <see cref="NodeLinkHostingExtensions.AddNodeLink"/>), with its netlink sockets opened inside the node's namespace, its
/// sysfs, state file, SR-IOV config and IPAM data in the node's own directory, and the Sandbox's silo as its way to the fleet. Given
/// the cluster's agent kubeconfig, it restarts the SR-IOV device plugin as a DaemonSet's agent does, through the API as the
/// agent's ServiceAccount and held to <c>deploy/cluster</c>'s Role; without it, off-cluster, it only says a restart is due.
/// </summary>
internal static class NodeAgentHost
{
    public static async Task<IHost> StartAsync(
        string cluster, string node, NodeNamespace space, string directory, IGrainFactory grains, string? agentKubeconfig, CancellationToken cancellationToken)
    {
        var sysfs = Directory.CreateDirectory(Path.Combine(directory, "sys")).FullName;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
        [
            new($"{AgentSettings.Section}:Cluster", cluster),
            new(AgentSettings.NodeNameKey, node),
            new($"{AgentPaths.Section}:SysfsRoot", sysfs),
            new($"{AgentPaths.Section}:StatePath", Path.Combine(directory, "state.json")),
            new($"{AgentPaths.Section}:SriovConfigPath", Path.Combine(directory, "sriov", "config.json")),
            new($"{AgentPaths.Section}:IpamDataDir", SandboxNodes.IpamDataDir(directory)),
            new($"{AgentSettings.Section}:ResyncInterval", TimeSpan.FromSeconds(10).ToString("c", CultureInfo.InvariantCulture)),
            // Off EC2 there is no instance metadata: a loopback port nothing listens on answers that at once.
            new($"{AgentSettings.Section}:InstanceMetadataEndpoint", $"http://127.0.0.1:{LoopbackPort.Next()}/"),
        ]);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter(level => level >= LogLevel.Warning);
        builder.Services.AddSingleton(grains);
        builder.Services.AddMetrics();
        if (agentKubeconfig is not null)
        {
            var settings = AgentSettings.From(builder.Configuration);
            builder.Services.AddSingleton<IKubernetes>(_ => new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(agentKubeconfig)));
            builder.Services.AddSingleton<IDevicePluginRestarter>(sp => new KubernetesDevicePluginRestarter(
                sp.GetRequiredService<IKubernetes>(),
                new DevicePluginPodSelector(node, settings.PluginNamespace, settings.PluginLabels),
                sp.GetRequiredService<ILogger<KubernetesDevicePluginRestarter>>()));
        }

        builder.Services.AddNodeAgent(builder.Configuration);
        builder.Services.AddNodeLink(builder.Configuration);

        var requests = new RouteNetlink(await space.OpenNetlinkAsync());
        var notifications = await space.OpenNetlinkAsync(NetlinkSocket.LinkGroup);
        builder.Services.AddSingleton(_ => requests);
        builder.Services.AddSingleton(sp => LinkMonitor.Start(notifications, _ => space.OpenNetlinkAsync(NetlinkSocket.LinkGroup), requests, sp.GetRequiredService<ILogger<LinkMonitor>>()));

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
