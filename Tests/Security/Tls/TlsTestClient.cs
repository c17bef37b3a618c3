using System.Globalization;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Client.Fleet;
using AwsMultiEni.Client.Hosting;
using AwsMultiEni.Security.Tls;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>
/// A TLS silo process to test against, and an automation client composed as applications compose it
/// (<c>AddAwsMultiEniClient</c>) that makes one call.
/// </summary>
internal static class TlsTestClient
{
    /// <summary>Long enough for one refused attempt and one retry; what is refused once is refused again.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The silo host as its own process, on localhost clustering, with <paramref name="volume"/> as its TLS directory; ready.</summary>
    public static async Task<SiloProcess> StartSiloAsync(SecretVolume volume)
    {
        var silo = SiloProcess.Start(TransportOnly(volume));
        try
        {
            await Poll.UntilAsync(silo.IsReadyAsync, TimeSpan.FromSeconds(60), "the TLS silo process to be ready");
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A silo's environment with <paramref name="volume"/> as its TLS directory, the call key of its workspace, and
    /// callers without a token as admins: these tests are about who may connect; what a connected caller may do is
    /// <c>CallerRoleTests</c>' subject.
    /// </summary>
    public static Dictionary<string, string> TransportOnly(SecretVolume volume) =>
        new()
        {
            ["Security__Tls__Directory"] = volume.Directory,
            ["Security__SiloKeyFile"] = TlsWorkspace.SiloKeyBeside(Path.GetDirectoryName(volume.Directory)!),
            ["Security__AnonymousRole"] = "admin",
        };

    /// <summary>Lists the fleet's clusters through the gateway at <paramref name="gatewayPort"/>; throws when the client cannot connect.</summary>
    /// <param name="tlsDirectory">The client's <c>Security:Tls:Directory</c>; null for none.</param>
    /// <param name="configure">Further client configuration, for clients the fleet's own code would not build.</param>
    public static async Task<IReadOnlyList<ClusterSummary>> ListClustersAsync(int gatewayPort, string? tlsDirectory, Action<IClientBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new(TlsSettings.DirectoryKey, tlsDirectory)]);
        builder.AddAwsMultiEniClient(o =>
        {
            o.Gateways = [string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{gatewayPort}")];
            o.ConnectTimeout = ConnectTimeout;
        });
        if (configure is not null)
        {
            builder.UseOrleansClient(configure);
        }

        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            return await host.Services.GetRequiredService<FleetClient>().ListClustersAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Asserts that the client cannot connect, well within the deadline: refused, not left hanging.</summary>
    public static async Task<Exception> AssertRefusedAsync(int gatewayPort, string? tlsDirectory, Action<IClientBuilder>? configure = null)
    {
        var attempt = ListClustersAsync(gatewayPort, tlsDirectory, configure).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => attempt);
        Assert.IsNotType<TimeoutException>(refused);
        return refused;
    }
}
