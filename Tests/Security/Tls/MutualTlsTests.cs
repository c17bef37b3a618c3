using AwsMultiEni.Tests.Cli;
using AwsMultiEni.Tests.Storage;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>
/// A real silo process with <c>Security__Tls__Directory</c> serves only clients whose certificate chains to its
/// <c>ca.crt</c>: the CLI and the automation client with a fleet certificate call grains; plaintext, a TLS client
/// without a certificate, and one with a certificate from another CA reach no grain.
/// </summary>
public sealed class MutualTlsTests : IDisposable
{
    private readonly TlsWorkspace _tls = new();

    [Fact]
    public async Task Only_a_client_with_a_certificate_from_the_fleet_CA_can_call_a_grain()
    {
        var (fleet, other) = (_tls.Authority("fleet CA"), _tls.Authority("another CA"));
        var silo = _tls.Volume("silo", fleet, fleet);
        var automation = _tls.Volume("automation", fleet, fleet);
        // Trusts the silo: the refusal can only be the silo's, of its certificate.
        var intruder = _tls.Volume("intruder", other, fleet);

        await using var process = await TlsTestClient.StartSiloAsync(silo);
        var gateway = $"127.0.0.1:{process.GatewayPort}";

        (await CliSandbox.RunCliAsync(["--gateway", gateway, "--tls-directory", automation.Directory, "clusters", "list", "-o", "json"])).Succeeded();
        Assert.Empty(await TlsTestClient.ListClustersAsync(process.GatewayPort, automation.Directory));

        var plaintext = await CliSandbox.RunCliAsync(["--gateway", gateway, "--connect-timeout", "2", "clusters", "list"]);
        Assert.NotEqual(0, plaintext.ExitCode);
        Assert.Contains("Cannot reach the fleet", plaintext.Error, StringComparison.Ordinal);
        var foreign = await CliSandbox.RunCliAsync(["--gateway", gateway, "--tls-directory", intruder.Directory, "--connect-timeout", "2", "clusters", "list"]);
        Assert.NotEqual(0, foreign.ExitCode);
        Assert.Contains("Cannot reach the fleet", foreign.Error, StringComparison.Ordinal);

        await TlsTestClient.AssertRefusedAsync(process.GatewayPort, intruder.Directory);
        await TlsTestClient.AssertRefusedAsync(process.GatewayPort, tlsDirectory: null, client => client.UseTls(o =>
        {
            o.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;
            o.AllowAnyRemoteCertificate();
        }));
        Assert.Contains("Refused a TLS peer whose certificate CN=intruder", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TLS_silo_without_the_silos_call_key_refuses_to_start_and_says_why()
    {
        var fleet = _tls.Authority("fleet CA");
        var environment = TlsTestClient.TransportOnly(_tls.Volume("silo", fleet, fleet));
        environment.Remove("Security__SiloKeyFile");

        await using var process = SiloProcess.Start(environment);
        Assert.NotEqual(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Security:SiloKeyFile is required with Security:Tls:Directory", process.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _tls.Dispose();
}
