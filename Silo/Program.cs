using AwsMultiEni.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFleetSilo();
builder.AddFleetTelemetry();

var app = builder.Build();
app.MapFleetHealth();
app.MapFleetMetrics();
app.Run();
