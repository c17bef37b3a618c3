using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Client.Hosting;
using AwsMultiEni.Security;
using AwsMultiEni.Security.Tls;
using OpenTelemetry.Metrics;

namespace AwsMultiEni.Agent.Hosting;

/// <summary>
/// The long-running agent: an Orleans client of the configured gateways, the link to this node's
/// NodeGrain, /healthz and Prometheus /metrics. Call <see cref="AgentSettings.Problems"/> first.
/// </summary>
public static class NodeLinkHostingExtensions
{
    public static WebApplicationBuilder AddNodeAgentHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var settings = AgentSettings.From(configuration);
        builder.Services.AddNodeAgent(configuration);
        builder.Services.AddNodeLink(configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseAwsMultiEniFleet(new FleetClientOptions
            {
                Gateways = [.. settings.Gateways],
                ClusterId = configuration["Orleans:ClusterId"] ?? FleetClientOptions.DefaultId,
                ServiceId = configuration["Orleans:ServiceId"] ?? FleetClientOptions.DefaultId,
                TokenFile = configuration[CallerTokenClientExtensions.TokenFileKey],
            });
            client.UseFleetTls(configuration);
            // Never gives up, and tells /healthz while no silo answers: an agent that stopped trying would leave its node unmanaged.
            client.Services.AddSingleton<IClientConnectionRetryFilter, ReconnectWithBackoff>();
        });

        // The Orleans client's start waits for a gateway as long as it takes: started side by side, the
        // web server answers /healthz meanwhile, and NodeLinkService begins once everything has started.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddHealthChecks().AddCheck<NodeLinkHealthCheck>("silo-link").AddCheck<LinkMonitorHealthCheck>("link-monitor");
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(AgentMetrics.MeterName, "Microsoft.Orleans").AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// The link to this node's NodeGrain, run once the host has started, through whichever <see cref="IGrainFactory"/>
    /// the host has: the agent's Orleans client, or the Sandbox's own silo for its simulated nodes.
    /// </summary>
    public static IServiceCollection AddNodeLink(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = AgentSettings.From(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<NodeLinkStatus>();
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton(new NodeLinkSettings(settings.Cluster!, configuration[AgentSettings.NodeNameKey]!, settings.ResyncInterval) { AddressUseInterval = settings.AddressUseInterval });
        services.AddSingleton<NodeLink>();
        services.AddHostedService<NodeLinkService>();
        return services;
    }

    public static WebApplication MapNodeAgentEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
