using System.Globalization;
using System.Net;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Storage.GrainStorage.Hosting;
using AwsMultiEni.Storage.Reminders.Hosting;
using Orleans.Configuration;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// The fleet silos of a benchmark, hosted in this process: the engine as the silo host composes it
/// (<see cref="SiloHostingExtensions.AddFleetEngine"/>), the world's clusters registered from <c>Fleet:Clusters</c>,
/// the EC2 budget scaled like the emulator's buckets, and localhost clustering with silo 0 as primary.
/// </summary>
internal sealed class BenchSilos(IReadOnlyList<IHost> hosts, IPEndPoint gateway) : IAsyncDisposable
{
    public IGrainFactory Grains => hosts[0].Services.GetRequiredService<IGrainFactory>();

    /// <summary>The first silo's gateway, where clients such as the dashboard connect.</summary>
    public IPEndPoint Gateway => gateway;

    public static async Task<BenchSilos> StartAsync(BenchSiloOptions options)
    {
        var ports = Enumerable.Range(0, options.Silos).Select(_ => (Silo: LoopbackPort.Next(), Gateway: LoopbackPort.Next())).ToList();
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0].Silo);
        var hosts = new List<IHost>();
        try
        {
            foreach (var (siloPort, gatewayPort) in ports)
            {
                var host = Build(options, siloPort, gatewayPort, primary);
                await host.StartAsync();
                hosts.Add(host);
            }
        }
        catch
        {
            await new BenchSilos(hosts, primary).DisposeAsync();
            throw;
        }

        return new BenchSilos(hosts, new IPEndPoint(IPAddress.Loopback, ports[0].Gateway));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts.AsEnumerable().Reverse())
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private static IHost Build(BenchSiloOptions options, int siloPort, int gatewayPort, IPEndPoint primary)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        // Logs on standard error, warnings up: standard output carries the report.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(Configuration(options));
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, primary);
            silo.Configure<ClusterOptions>(o => o.ClusterId = o.ServiceId = "bench");
            if (options.DynamoDB is { } dynamoDB)
            {
                silo.Services.AddSingleton(dynamoDB);
                silo.AddDynamoDBGrainStorageAsDefault(o => o.TableName = options.TablePrefix + "GrainState");
                silo.UseDynamoDBReminderService(o => o.TableName = options.TablePrefix + "Reminders");
            }
            else
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
            }

            MeasuredGrainStorage.Wrap(silo.Services, options.StateSizes);
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(options.Calls);
        });
        builder.Services.AddFleetEngine(builder.Configuration);
        builder.Services.Configure<Ec2GatewayOptions>(o => o.Budget = new Ec2ThrottleBuckets().Scaled(options.World.TimeFactor));
        return builder.Build();
    }

    /// <summary>The silo's periods run as fast as the emulated world's clock: the defaults divided by its time factor.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Configuration(BenchSiloOptions options)
    {
        var invariant = CultureInfo.InvariantCulture;
        string Scaled(TimeSpan period) => (period / options.World.TimeFactor).ToString("c", invariant);
        yield return new("Aws:Ec2:Region", options.World.Region);
        yield return new("Fleet:PollInterval", options.PollInterval.ToString("c", invariant));
        yield return new("Fleet:DriftInterval", options.DriftInterval.ToString("c", invariant));
        yield return new("Fleet:CoalesceInterval", Scaled(new FleetSettings().CoalesceInterval));
        yield return new("Aws:Ec2:DescribeInterval", Scaled(new Ec2GatewayOptions().DescribeInterval));
        for (var i = 0; i < options.World.Clusters.Count; i++)
        {
            yield return new($"Fleet:Clusters:{i}:Name", options.World.Clusters[i].Name);
            yield return new($"Fleet:Clusters:{i}:Region", options.World.Region);
            yield return new($"Fleet:Clusters:{i}:Kubeconfig", options.World.Clusters[i].Kubeconfig);
        }
    }
}
