using AwsMultiEni.Agent;
using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Hosting;

if (AgentCommandLine.Handles(args))
{
    return await AgentCommandLine.RunAsync(args, Console.Out, Console.Error);
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
