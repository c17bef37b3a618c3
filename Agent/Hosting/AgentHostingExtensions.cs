using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Agent.Sysfs;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Agent.Hosting;

public static class AgentHostingExtensions
{
    /// <summary>The node-level services of the long-running agent: sysfs, the state file, and binding restore at start.</summary>
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AgentPaths>(configuration.GetSection(AgentPaths.Section));
        services.AddSingleton<ISysfs>(sp => new FileSysfs(sp.GetRequiredService<IOptions<AgentPaths>>().Value.SysfsRoot));
        services.AddSingleton(sp => new HostStateFile(sp.GetRequiredService<IOptions<AgentPaths>>().Value.StatePath));
        services.AddSingleton<PciBinder>();
        services.AddHostedService<BindingRestoreService>();
        return services;
    }
}
