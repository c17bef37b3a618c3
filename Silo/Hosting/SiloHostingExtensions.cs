using AwsMultiEni.Security.Tls;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Grains.ReadModels;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Silo.Security;
using AwsMultiEni.Storage.Clustering.Hosting;
using AwsMultiEni.Storage.GrainStorage.Hosting;
using AwsMultiEni.Storage.Reminders.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// Composes the fleet silo from configuration, so that the standalone host and the
/// Sandbox build the same silo.
/// </summary>
public static class SiloHostingExtensions
{
    public const string LocalhostProvider = "Localhost";
    public const string MemoryProvider = "Memory";
    public const string DynamoDBProvider = "DynamoDB";
    public const string MembershipSection = SiloSettings.SectionName + ":Membership";
    public const string GrainDirectorySection = SiloSettings.SectionName + ":GrainDirectory";

    /// <summary>
    /// Grains a silo remembers the address of. Orleans' default, a million, sizes two caches up front at about
    /// 9 MB each whatever the fleet; 200,000 holds every grain of a fleet of 100,000 attachments (an attachment
    /// and a node grain each), and a larger fleet only looks an address up again now and then.
    /// </summary>
    public const int DirectoryCacheSize = 200_000;

    public static IHostApplicationBuilder AddFleetSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = SiloSettings.From(builder.Configuration);

        // Orleans 10 configures clustering itself from the Orleans:Clustering section, by its ProviderType;
        // our Provider key lives in that section, so the host's choice is made as that Orleans provider.
        if (builder.Configuration[FleetClusteringProviderBuilder.ProviderTypeKey] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(FleetClusteringProviderBuilder.ProviderTypeKey, FleetClusteringProviderBuilder.ProviderType)]);
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            ConfigurePersistence(silo, settings);
            silo.UseFleetTls(builder.Configuration);
        });
        AddFleetEngine(builder.Services, builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<SiloJoinedHealthCheck>("silo-joined", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>The engine's ports (EC2 per region, cluster connections), its settings, the configured clusters' registration, and who may call it.</summary>
    public static IServiceCollection AddFleetEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FleetSettings>().Bind(configuration.GetSection(FleetSettings.SectionName));
        // How fast a dead silo is declared dead, and so how fast its clusters are watched elsewhere: Orleans:Membership:ProbeTimeout, ….
        services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(MembershipSection));
        services.AddOptions<GrainDirectoryOptions>().Configure(o => o.CacheSize = DirectoryCacheSize).Bind(configuration.GetSection(GrainDirectorySection));
        services.AddEc2Gateway(configuration);
        services.AddClusterConnections(configuration);
        services.TryAddSingleton(provider => new SiloSetIdentity(
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, provider.GetRequiredService<IOptions<Ec2GatewayOptions>>().Value.ResolveRegion()));
        services.AddSingleton<SiloLifetime>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<SiloLifetime>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ConfiguredClusters>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ClusterTakeover>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ClusterConnectionSweep>();
        services.AddHostedService<Ec2UsageReporter>();
        services.AddOptions<SecuritySettings>()
            .Bind(configuration.GetSection(SecuritySettings.SectionName))
            .Validate(
                settings => !string.IsNullOrWhiteSpace(settings.SiloKeyFile) || !SecuritySettings.RunsTls(configuration),
                "Security:SiloKeyFile is required with Security:Tls:Directory: silos in other processes prove their own calls with the key in it.")
            .Validate(
                settings => string.IsNullOrWhiteSpace(settings.SiloKeyFile) || SiloCallKey.IsUsable(settings.SiloKeyFile),
                $"Security:SiloKeyFile names a missing file, or one with fewer than {SiloCallKey.MinimumLength} characters.")
            .ValidateOnStart();
        services.AddSingleton<CallerReviews>();
        services.AddSingleton<SiloCallKey>();
        services.AddSingleton<SiloCallProof>();
        services.AddSingleton<IOutgoingGrainCallFilter, SiloCallStampFilter>();
        services.AddSingleton<IIncomingGrainCallFilter, CallerRoleFilter>();
        return services;
    }

    internal static void ConfigureClustering(ISiloBuilder silo, SiloSettings settings)
    {
        var provider = settings.Clustering.Provider ?? LocalhostProvider;
        switch (provider)
        {
            case LocalhostProvider:
                silo.UseLocalhostClustering(settings.Endpoints.SiloPort, settings.Endpoints.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                break;
            case DynamoDBProvider:
                silo.UseDynamoDBClustering(o =>
                {
                    o.TableName = settings.DynamoDB.SilosTable;
                    o.CreateIfNotExists = settings.DynamoDB.CreateTables;
                });
                ConfigureEndpoints(silo, settings.Endpoints);
                break;
            default:
                throw UnknownProvider("Orleans:Clustering:Provider", provider, LocalhostProvider, DynamoDBProvider);
        }
    }

    private static void ConfigurePersistence(ISiloBuilder silo, SiloSettings settings)
    {
        var provider = settings.Persistence.Provider ?? MemoryProvider;
        switch (provider)
        {
            case MemoryProvider:
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
                break;
            case DynamoDBProvider:
                silo.AddDynamoDBGrainStorageAsDefault(o =>
                {
                    o.TableName = settings.DynamoDB.GrainStateTable;
                    o.CreateIfNotExists = settings.DynamoDB.CreateTables;
                });
                silo.UseDynamoDBReminderService(o =>
                {
                    o.TableName = settings.DynamoDB.RemindersTable;
                    o.CreateIfNotExists = settings.DynamoDB.CreateTables;
                });
                break;
            default:
                throw UnknownProvider("Orleans:Persistence:Provider", provider, MemoryProvider, DynamoDBProvider);
        }
    }

    /// <summary>
    /// Listens on every interface and advertises <c>AdvertisedIP</c> when set (a pod IP, say), otherwise
    /// the host's own address, so that silos on other machines can reach this one.
    /// </summary>
    private static void ConfigureEndpoints(ISiloBuilder silo, EndpointSettings endpoints)
    {
        if (endpoints.ParseAdvertisedIP() is { } advertised)
        {
            silo.ConfigureEndpoints(advertised, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }
    }

    private static InvalidOperationException UnknownProvider(string key, string value, params string[] known) =>
        new($"Configuration '{key}' is '{value}', which is not a known provider. Set it to one of: {string.Join(", ", known)}.");

}
