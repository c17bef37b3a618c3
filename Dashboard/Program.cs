using AwsMultiEni.Dashboard;

var builder = WebApplication.CreateBuilder(args);
// Serve the static assets from build output too, not only when the environment is Development.
builder.WebHost.UseStaticWebAssets();
builder.UseOrleansClient(client => client.UseLocalhostClustering());
builder.Services.AddFleetDashboard();

var app = builder.Build();
app.MapFleetDashboard();
app.Run();
