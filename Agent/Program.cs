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

var builder = WebApplication.CreateBuilder(args);
if (AgentSettings.Problems(builder.Configuration) is { Count: > 0 } problems)
{
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync($"agent: {problem}");
    }

    return ApplyCommand.BadUsage;
}

builder.AddNodeAgentHost();
var app = builder.Build();
app.MapNodeAgentEndpoints();
await app.RunAsync();
return 0;
