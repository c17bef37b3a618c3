using AwsMultiEni.Dashboard;
using AwsMultiEni.Dashboard.SignIn;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>
/// The dashboard app as the Sandbox and the standalone host serve it (<see cref="DashboardHostingExtensions"/>), on a
/// loopback port of this process, reading grains through <paramref name="grains"/>. Its static assets come from the
/// dashboard's own manifests in the test output, so the page loads its stylesheet and QuickGrid's script as in production.
/// With <c>settings</c>, sign-in and trusted proxies are set up as the standalone host does, and <c>/healthz</c> is mapped.
/// </summary>
internal sealed class DashboardHost(WebApplication app, string url) : IAsyncDisposable
{
    public string Url => url;

    public static Task<DashboardHost> StartAsync(FakeClusterClient grains) => StartAsync(grains, null, $"http://127.0.0.1:{FreePort.Next()}/");

    public static async Task<DashboardHost> StartAsync(FakeClusterClient grains, DashboardSettings? settings, string url)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(DashboardHostingExtensions).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddFleetDashboard();
        builder.Services.AddSingleton<IClusterClient>(grains);
        if (settings is not null)
        {
            builder.Services.AddDashboardSignIn(settings);
            builder.Services.AddHealthChecks();
        }

        var app = builder.Build();
        if (settings is not null)
        {
            app.MapDashboardHealth();
        }

        app.MapFleetDashboard();
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new DashboardHost(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
