using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>
/// A silo process whose Secret volume is rotated the kubelet's way, to a certificate and <c>ca.crt</c> of a new CA,
/// serves new clients with the new CA's certificates and refuses those of the old one, without restarting.
/// </summary>
public sealed class TlsRotationTests : IDisposable
{
    private readonly TlsWorkspace _tls = new();

    [Fact]
    public async Task After_the_Secret_rotates_to_a_new_CA_new_clients_of_that_CA_connect_and_clients_of_the_old_one_are_refused()
    {
        var (oldCa, newCa) = (_tls.Authority("old fleet CA"), _tls.Authority("new fleet CA"));
        var silo = _tls.Volume("silo", oldCa, oldCa);
        // Both clients trust both CAs, so that whichever is refused is refused by the silo.
        var oldClient = _tls.Volume("old-client", oldCa, oldCa, newCa);
        var newClient = _tls.Volume("new-client", newCa, oldCa, newCa);

        await using var process = await TlsTestClient.StartSiloAsync(silo);
        Assert.Empty(await TlsTestClient.ListClustersAsync(process.GatewayPort, oldClient.Directory));
        await TlsTestClient.AssertRefusedAsync(process.GatewayPort, newClient.Directory);

        var rotated = newCa.Issue("silo");
        silo.Publish(rotated, newCa.Certificate);

        await Poll.UntilAsync(() => process.Output.Contains(rotated.Thumbprint, StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the silo to log the new certificate");
        Assert.Empty(await TlsTestClient.ListClustersAsync(process.GatewayPort, newClient.Directory));
        await TlsTestClient.AssertRefusedAsync(process.GatewayPort, oldClient.Directory);
        Assert.True(await process.IsReadyAsync(), process.Output);
    }

    public void Dispose() => _tls.Dispose();
}
