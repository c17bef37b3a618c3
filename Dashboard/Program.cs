using AwsMultiEni.Dashboard;
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
    }));
builder.Services.AddFleetDashboard();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapFleetDashboard();
app.Run();
