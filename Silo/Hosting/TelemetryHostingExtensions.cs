using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>The silo's OpenTelemetry metrics, exported for Prometheus on <c>/metrics</c>.</summary>
public static class TelemetryHostingExtensions
{
    /// <summary>Meters the silo exports; add a product meter here when you add one.</summary>
    private static readonly string[] Meters = [Ec2Metrics.MeterName, KubernetesMetrics.MeterName, "Microsoft.Orleans"];

    public static IHostApplicationBuilder AddFleetTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapFleetMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
