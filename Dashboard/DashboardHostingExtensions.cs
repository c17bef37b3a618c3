using AwsMultiEni.Dashboard.Components;
using AwsMultiEni.Dashboard.Fleet;
using AwsMultiEni.Dashboard.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Dashboard;

/// <summary>
/// The dashboard is a set of components plus their endpoints, so the standalone host
/// and the Sandbox (which hosts it beside the silo) serve the same app.
/// </summary>
public static class DashboardHostingExtensions
{
    public static IServiceCollection AddFleetDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSingleton<FleetFeed>();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<CircuitConnection>());
        services.AddHostedService<DashboardWarmup>();
        return services;
    }

    public static WebApplication MapFleetDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDashboardSignIn();
        // An open browser keeps a circuit (a WebSocket) that would hold the host's shutdown until its
        // timeout, starving the silo's graceful stop: the browser reconnects as soon as SignalR closes
        // it on stopping. So every request in flight, or arriving, once the host stops is cut.
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            using var abortOnStop = stopping.Register(context.Abort);
            await next(context);
        });
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapDashboardSignIn();
        return app;
    }

    /// <summary>The standalone dashboard's <c>/healthz</c>, open to the kubelet whether or not sign-in is required.</summary>
    public static WebApplication MapDashboardHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }
}
