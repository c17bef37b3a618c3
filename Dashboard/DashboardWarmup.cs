using System.Diagnostics;
using AwsMultiEni.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AwsMultiEni.Dashboard;

/// <summary>
/// Serves the fleet page once as the host starts, so the first browser does not wait for what only the first request
/// pays: the JIT of every component, the Orleans client's first calls (the feed's subscription, the overview, the silo
/// list, a page of rows and their serializers), the request pipeline's first build, the data protection keys the
/// prerendered page's circuit descriptor is sealed with, the Blazor script. First the page is rendered in this process
/// (a hosted service registered after the Orleans client, so its gateway is connected), then requested over loopback
/// once the server listens; the host's start returns after both. It never fails the host: a silo that cannot answer
/// shows on the page as it would to the first browser.
/// </summary>
public sealed partial class DashboardWarmup(IServiceScopeFactory scopes, IServer server, ILoggerFactory loggers, ILogger<DashboardWarmup> logger) : IHostedLifecycleService
{
    /// <summary>How long each step may hold the start; past that it goes on in the background.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    private static readonly string[] Paths = ["", "_framework/blazor.web.js"];

    public Task StartAsync(CancellationToken cancellationToken) => WaitAsync(RenderAsync(), "render", cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) => WaitAsync(RequestAsync(cancellationToken), "request", cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WaitAsync(Task step, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await step.WaitAsync(Limit, cancellationToken);
            LogWarmed(logger, what, clock.ElapsedMilliseconds);
        }
        catch (TimeoutException)
        {
            LogSlow(logger, what, Limit.TotalSeconds);
        }
    }

    private async Task RenderAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var navigation = scope.ServiceProvider.GetRequiredService<NavigationManager>();
            // The page reads its ?q= from the address, which outside a request nobody has set.
            ((IHostEnvironmentNavigationManager)navigation).Initialize("http://localhost/", "http://localhost/");
            await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
            var root = await renderer.Dispatcher.InvokeAsync(() => renderer.RenderComponentAsync<Home>());
            await root.QuiescenceTask;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(logger, "render", ex);
        }
    }

    /// <summary>The page and its script over loopback, as a browser asks for them; what answers (a sign-in, say) does not matter.</summary>
    private async Task RequestAsync(CancellationToken cancellationToken)
    {
        if (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is not { } address)
        {
            return;
        }

        try
        {
            // Not following a redirect: with sign-in on, the page answers with one to the provider, which is not ours to call.
            using var handler = new HttpClientHandler { AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = Loopback(address), Timeout = Limit };
            foreach (var path in Paths)
            {
                using var response = await client.GetAsync(path, cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, "request", ex);
        }
    }

    /// <summary>The listening address, with a wildcard host (all interfaces) asked on loopback.</summary>
    private static Uri Loopback(string address)
    {
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        uri.Path = "/";
        return uri.Uri;
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Warmed the fleet page at start ({Step}) in {Milliseconds} ms, so the first browser finds it ready")]
    private static partial void LogWarmed(ILogger logger, string step, long milliseconds);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Warming the fleet page at start ({Step}) took over {Seconds} s; starting without waiting for it")]
    private static partial void LogSlow(ILogger logger, string step, double seconds);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Could not warm the fleet page at start ({Step}); the first browser will pay for it")]
    private static partial void LogFailed(ILogger logger, string step, Exception exception);
}
