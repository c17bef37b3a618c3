using AwsMultiEni.Client.Hosting;
using AwsMultiEni.Dashboard;
using AwsMultiEni.Dashboard.SignIn;
using AwsMultiEni.Security;
using AwsMultiEni.Security.Tls;

var builder = WebApplication.CreateBuilder(args);
// Serve the static assets from build output too, not only when the environment is Development.
builder.WebHost.UseStaticWebAssets();
var settings = DashboardClientSettings.From(builder.Configuration);
builder.UseOrleansClient(client => client
    .UseAwsMultiEniFleet(settings.FleetClient())
    .UseFleetTls(builder.Configuration)
    .UseCallerToken(builder.Configuration)
    // The dashboard may start before any silo has opened its gateway: keep trying rather than fail the host,
    // so the pods do not depend on their start order.
    .UseConnectionRetryFilter(async (_, cancellationToken) =>
    {
        await Task.Delay(settings.ConnectRetryDelay, cancellationToken);
        return true;
    }));
builder.Services.AddFleetDashboard();
builder.Services.AddDashboardSignIn(DashboardSettings.From(builder.Configuration));
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapDashboardHealth();
app.MapFleetDashboard();
app.Run();
