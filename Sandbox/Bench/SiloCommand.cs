using System.CommandLine;
using AwsMultiEni.Silo.Hosting;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// <c>silo</c>: the fleet silo alone, configured as the Silo host is (environment variables such as
/// <c>Orleans__Clustering__Provider</c>, <c>Fleet__Clusters__0__Name</c>), logging one line per entry and
/// <see cref="StartedLine"/> once it is an active member; runs until killed, Ctrl-C or SIGTERM.
/// <c>bench-failover</c> runs several and kills one.
/// </summary>
internal static class SiloCommand
{
    public const string StartedLine = "silo started";

    public static Command Create()
    {
        var command = new Command("silo", "The fleet silo alone, configured from the environment as the Silo host is (bench-failover runs several); until killed, Ctrl-C or SIGTERM.");
        command.SetAction(_ => RunAsync());
        return command;
    }

    private static async Task<int> RunAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders().AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
        builder.AddFleetSilo();
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine(StartedLine);
        await host.WaitForShutdownAsync();
        return 0;
    }
}
