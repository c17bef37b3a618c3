using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Hosting;

if (args is ["apply", .. var rest])
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    return await ApplyCommand.RunAsync(rest, Console.Out, Console.Error, stop.Token);
}

if (args is [var command, ..] && !command.StartsWith("--", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync($"agent: unknown command '{command}'. Commands: apply (one-shot); none runs the agent host.");
    return ApplyCommand.BadUsage;
}

// The long-running host. Its link to the NodeGrain (observer + periodic re-read) is not built yet:
// for now it restores recorded PCI bindings at start and serves /healthz.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
builder.Services.AddNodeAgent(builder.Configuration);

var app = builder.Build();
app.MapHealthChecks("/healthz");
await app.RunAsync();
return 0;
