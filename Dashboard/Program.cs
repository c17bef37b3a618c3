using AwsMultiEni.Dashboard;
using AwsMultiEni.Security.Tls;
using Orleans.Configuration;

var builder = WebApplication.CreateBuilder(args);
// Serve the static assets from build output too, not only when the environment is Development.
builder.WebHost.UseStaticWebAssets();
var settings = DashboardClientSettings.From(builder.Configuration);
builder.UseOrleansClient(client => client
    .UseStaticClustering(settings.Gateway())
    .Configure<ClusterOptions>(o =>
    {
        o.ClusterId = settings.ClusterId;
        o.ServiceId = settings.ServiceId;
    })
    .UseFleetTls(builder.Configuration)
    // As a sidecar the dashboard usually starts before its silo has opened the gateway: keep trying
    // rather than fail the host, so the pod does not depend on its containers' start order.
    .UseConnectionRetryFilter(async (_, cancellationToken) =>
    {
        await Task.Delay(settings.ConnectRetryDelay, cancellationToken);
        return true;
    }));
builder.Services.AddFleetDashboard();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapFleetDashboard();
app.Run();
