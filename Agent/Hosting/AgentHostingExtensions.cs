using AwsMultiEni.Agent.PodAddresses;
using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Agent.Sysfs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Agent.Hosting;

public static class AgentHostingExtensions
{
    /// <summary>
    /// The node-level services of the long-running agent: sysfs, the state file, binding restore at
    /// start, the host's netlink sockets, and the <see cref="NodeApplier"/> over them. An
    /// <see cref="IDevicePluginRestarter"/> registered before stands for the in-cluster one (the Sandbox's agents
    /// restart through their own identity's kubeconfig).
    /// </summary>
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = AgentSettings.From(configuration);
        services.Configure<AgentPaths>(configuration.GetSection(AgentPaths.Section));
        services.AddSingleton<ISysfs>(sp => new FileSysfs(sp.GetRequiredService<IOptions<AgentPaths>>().Value.SysfsRoot));
        services.AddSingleton(sp => new HostStateFile(sp.GetRequiredService<IOptions<AgentPaths>>().Value.StatePath));
        services.AddSingleton<IInterfaceUsage, InterfaceUsage>();
        services.AddSingleton(settings.Dpdk);
        services.AddSingleton<DriverReadiness>();
        services.AddSingleton<PciBinder>();
        services.AddSingleton(sp => new PodAddressFiles(sp.GetRequiredService<IOptions<AgentPaths>>().Value.IpamDataDir, sp.GetRequiredService<ILogger<PodAddressFiles>>()));
        services.AddHostedService<BindingRestoreService>();
        services.TryAddSingleton(sp =>
            DevicePluginRestarters.For(configuration[AgentSettings.NodeNameKey], settings.PluginNamespace, settings.PluginLabels, Console.Error, sp.GetRequiredService<ILoggerFactory>()));

        services.AddSingleton(_ => RouteNetlink.Open());
        services.AddSingleton(sp => LinkMonitor.Open(sp.GetRequiredService<RouteNetlink>(), sp.GetRequiredService<ILogger<LinkMonitor>>()));
        services.AddSingleton<NetDevices>();
        services.AddSingleton(sp => new InstanceMetadata(new Uri(settings.InstanceMetadataEndpoint), sp.GetRequiredService<ILogger<InstanceMetadata>>()));
        services.AddSingleton<PrimaryInterfaceGuard>();
        services.AddSingleton<InterfaceLocator>();
        services.AddSingleton(sp => new InterfaceConverger(
            sp.GetRequiredService<RouteNetlink>(),
            sp.GetRequiredService<InterfaceLocator>(),
            sp.GetRequiredService<PrimaryInterfaceGuard>(),
            sp.GetRequiredService<NetDevices>(),
            sp.GetRequiredService<PciBinder>(),
            sp.GetRequiredService<HostStateFile>(),
            settings.InterfaceWait,
            sp.GetRequiredService<ILogger<InterfaceConverger>>()));
        services.AddSingleton(sp => new NodeApplier(
            sp.GetRequiredService<InterfaceConverger>(),
            sp.GetRequiredService<PciBinder>(),
            sp.GetRequiredService<HostStateFile>(),
            new SriovConfigFile(sp.GetRequiredService<IOptions<AgentPaths>>().Value.SriovConfigPath, new SriovResourceNaming(settings.SriovResourcePrefix)),
            sp.GetRequiredService<IDevicePluginRestarter>(),
            sp.GetRequiredService<PodAddressFiles>(),
            sp.GetRequiredService<ILogger<NodeApplier>>()));
        return services;
    }
}
