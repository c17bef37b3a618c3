using AwsMultiEni.Client.Fleet;
using AwsMultiEni.Client.Hosting;
using AwsMultiEni.Security.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Cli;

/// <summary>One command's connection to the fleet: an Orleans client started for the command and stopped after it.</summary>
internal sealed class FleetSession : IAsyncDisposable
{
    private readonly IHost _host;

    private FleetSession(IHost host)
    {
        _host = host;
        Fleet = host.Services.GetRequiredService<FleetClient>();
    }

    public FleetClient Fleet { get; }

    public static async Task<FleetSession> ConnectAsync(FleetClientOptions options, string? tlsDirectory, bool verbose, CancellationToken cancellationToken)
    {
        // No configuration files and no logging: what a person sees is the command's output and its one-line errors.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (verbose)
        {
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Debug);
        }

        builder.Configuration.AddInMemoryCollection([new(TlsSettings.DirectoryKey, tlsDirectory)]);
        builder.AddAwsMultiEniClient(o =>
        {
            o.Gateways = options.Gateways;
            o.MembershipTable = options.MembershipTable;
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
            o.ConnectTimeout = options.ConnectTimeout;
            o.TokenFile = options.TokenFile;
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return new FleetSession(host);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            throw new FleetException(FleetErrorKind.Unavailable, $"Cannot reach the fleet at {options.GatewaySource()}: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
