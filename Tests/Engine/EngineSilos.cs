using System.Globalization;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Engine;

/// <summary>An Orleans test cluster running the fleet engine against one EC2 gateway, with the engine's periods cut to test scale.</summary>
internal static class EngineSilos
{
    public static async Task<InProcessTestCluster> StartAsync(EngineWorldOptions options, IEc2Gateway gateway, Uri ec2)
    {
        var builder = new InProcessTestClusterBuilder((short)options.Silos);
        if (options.ServiceId is { } serviceId)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((_, silo) =>
        {
            if (options.ConfigureSilo is { } configure)
            {
                configure(silo);
            }
            else
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
            }
        });
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(
            [
                new("Fleet:PollInterval", "00:00:00.100"), new("Fleet:DriftInterval", "00:00:00.500"), new("Fleet:OrphanGracePeriod", "00:00:01"),
                new("Fleet:ConsistencyGracePeriod", "00:00:02"), new("Fleet:CoalesceInterval", "00:00:00.100"), new("Fleet:StartupTaintCheckInterval", "00:00:00.200"),
                new("Fleet:ConnectionSweepInterval", options.ConnectionSweepInterval.ToString("c", CultureInfo.InvariantCulture)),
                new("Fleet:AgentTeardownTimeout", options.AgentTeardownTimeout.ToString("c", CultureInfo.InvariantCulture)), new("Aws:Ec2:Region", EngineWorld.Region),
            ]);
            if (options.Lease is { } lease)
            {
                host.Configuration.AddInMemoryCollection(
                [
                    new("Fleet:Lease:Duration", lease.Duration.ToString("c", CultureInfo.InvariantCulture)),
                    new("Fleet:Lease:RenewInterval", lease.RenewInterval.ToString("c", CultureInfo.InvariantCulture)),
                ]);
            }

            host.Configuration.AddInMemoryCollection(options.SiloConfiguration);
            host.Services.AddFleetEngine(host.Configuration);
            if (options.SiloAws is { } aws)
            {
                aws(host.Services, ec2);
            }
            else
            {
                host.Services.AddSingleton<IEc2GatewayFactory>(new WrappedGateways(options.WrapGateway?.Invoke(gateway, silo.SiloName) ?? gateway));
            }

            if (options.WrapNodeEniWriter is { } wrap)
            {
                host.Services.AddSingleton<IClusterConnectionFactory>(services => new WrappedConnections(
                    services.GetRequiredService<IOptions<WatchSettings>>().Value,
                    services.GetRequiredService<KubernetesMetrics>(), services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>(), writer => wrap(writer, silo.SiloName)));
            }
        });
        if (options.ConfigureClient is { } client)
        {
            builder.ConfigureClient(client);
        }

        return await TestSilos.DeployAsync(builder);
    }

    public static Task RegisterAsync(IGrainFactory grains, string cluster, string kubeconfig) =>
        grains.GetGrain<IFleetGrain>(IFleetGrain.Key).Register(new ClusterRegistration { Name = cluster, Region = EngineWorld.Region, Kubeconfig = kubeconfig });

    /// <summary>Every region's gateway is the one given (all regions are the test endpoint's).</summary>
    private sealed class WrappedGateways(IEc2Gateway gateway) : IEc2GatewayFactory
    {
        public IEc2Gateway ForRegion(string region, MemberRole? role = null) => gateway;
    }
}
