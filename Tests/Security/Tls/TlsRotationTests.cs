using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Storage;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>
/// A silo process whose Secret volume is rotated the kubelet's way, to a certificate and <c>ca.crt</c> of a new CA,
/// serves new clients with the new CA's certificates and refuses those of the old one, without restarting.
/// </summary>
public sealed class TlsRotationTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tls-rotation-");
    private readonly TestAuthority _old = TestAuthority.Create("old fleet CA");
    private readonly TestAuthority _new = TestAuthority.Create("new fleet CA");

    [Fact]
    public async Task After_the_Secret_rotates_to_a_new_CA_new_clients_of_that_CA_connect_and_clients_of_the_old_one_are_refused()
    {
        var silo = Volume("silo");
        silo.Publish(_old.Issue("silo"), _old.Certificate);
        // Both clients trust both CAs, so that whichever is refused is refused by the silo.
        var oldClient = Volume("old-client");
        oldClient.Publish(_old.Issue("old-client"), _old.Certificate, _new.Certificate);
        var newClient = Volume("new-client");
        newClient.Publish(_new.Issue("new-client"), _old.Certificate, _new.Certificate);

        await using var process = SiloProcess.Start(new Dictionary<string, string> { ["Security__Tls__Directory"] = silo.Directory });
        await Poll.UntilAsync(process.IsReadyAsync, Deadline, "the TLS silo process to be ready");
        Assert.Empty(await TlsTestClient.ListClustersAsync(process.GatewayPort, oldClient.Directory));
        await TlsTestClient.AssertRefusedAsync(process.GatewayPort, newClient.Directory);

        var rotated = _new.Issue("silo");
        silo.Publish(rotated, _new.Certificate);

        await Poll.UntilAsync(() => process.Output.Contains(rotated.Thumbprint, StringComparison.Ordinal), Deadline, "the silo to log the new certificate");
        Assert.Empty(await TlsTestClient.ListClustersAsync(process.GatewayPort, newClient.Directory));
        await TlsTestClient.AssertRefusedAsync(process.GatewayPort, oldClient.Directory);
        Assert.True(await process.IsReadyAsync(), process.Output);
    }

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
        _root.Delete(recursive: true);
    }

    private SecretVolume Volume(string name) => new(Path.Combine(_root.FullName, name));
}
