using AwsMultiEni.Tests.Cli;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Storage;

namespace AwsMultiEni.Tests.Security.Tls;

/// <summary>
/// Two silo processes with mutual TLS, each with its own certificate from the fleet CA, form one cluster through the
/// DynamoDB membership table: Orleans makes a joining silo ping every active silo, over the silo port, before it
/// becomes Active (ready), so the second silo is ready only if silo-to-silo TLS works both ways.
/// </summary>
public sealed class TlsClusterTests(SharedMotoServer moto) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TlsWorkspace _tls = new();

    [Fact]
    public async Task Two_silo_processes_with_TLS_form_one_cluster_that_a_TLS_client_finds_in_the_membership_table()
    {
        var environment = SiloProcess.DynamoDBEnvironment(moto.Url, moto.Region);
        var fleetCa = _tls.Authority("fleet CA");
        await using var first = SiloProcess.Start(WithTls(environment, _tls.Volume("silo-1", fleetCa, fleetCa)));
        await Poll.UntilAsync(first.IsReadyAsync, Deadline, "the first TLS silo process to be ready");
        await using var second = SiloProcess.Start(WithTls(environment, _tls.Volume("silo-2", fleetCa, fleetCa)));
        await Poll.UntilAsync(second.IsReadyAsync, Deadline, "the second TLS silo process to be ready");

        var automation = _tls.Volume("automation", fleetCa, fleetCa);
        string[] fleet = ["--membership-table", environment["Orleans__DynamoDB__SilosTable"], "--cluster-id", environment["Orleans__ClusterId"], "--service-id", environment["Orleans__ServiceId"], "--tls-directory", automation.Directory];
        (await CliSandbox.RunCliAsync([.. fleet, "clusters", "register", "tls-1", "--region", moto.Region, "--kubeconfig", "/nonexistent/kubeconfig"], environment)).Succeeded();
        Assert.Contains("tls-1", (await CliSandbox.RunCliAsync([.. fleet, "clusters", "list", "-o", "json"], environment)).Succeeded().Output, StringComparison.Ordinal);
        Assert.True(await first.IsReadyAsync(), first.Output);
        Assert.True(await second.IsReadyAsync(), second.Output);
    }

    public void Dispose() => _tls.Dispose();

    private static Dictionary<string, string> WithTls(Dictionary<string, string> environment, SecretVolume volume) =>
        new(environment.Concat(TlsTestClient.TransportOnly(volume)));
}
