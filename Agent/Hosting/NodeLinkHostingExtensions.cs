using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Client.Hosting;
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
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodeLinkStatus>();
        builder.Services.AddSingleton<AgentMetrics>();
        builder.Services.AddSingleton(new NodeLinkSettings(settings.Cluster!, configuration[AgentSettings.NodeNameKey]!, settings.ResyncInterval));
        builder.UseOrleansClient(client =>
        {
            client.UseAwsMultiEniFleet(new FleetClientOptions
            {
                Gateways = [.. settings.Gateways],
                ClusterId = configuration["Orleans:ClusterId"] ?? FleetClientOptions.DefaultId,
                ServiceId = configuration["Orleans:ServiceId"] ?? FleetClientOptions.DefaultId,
            });
            // Never gives up, and tells /healthz while no silo answers: an agent that stopped trying would leave its node unmanaged.
            client.Services.AddSingleton<IClientConnectionRetryFilter, ReconnectWithBackoff>();
        });

        // The Orleans client's start waits for a gateway as long as it takes: started side by side, the
        // web server answers /healthz meanwhile, and NodeLinkService begins once everything has started.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddSingleton<NodeLink>();
        builder.Services.AddHostedService<NodeLinkService>();
        builder.Services.AddHealthChecks().AddCheck<NodeLinkHealthCheck>("silo-link").AddCheck<LinkMonitorHealthCheck>("link-monitor");
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(AgentMetrics.MeterName, "Microsoft.Orleans").AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapNodeAgentEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
