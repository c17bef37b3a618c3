using AwsMultiEni.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFleetSilo();

var app = builder.Build();
app.MapFleetHealth();
app.Run();
