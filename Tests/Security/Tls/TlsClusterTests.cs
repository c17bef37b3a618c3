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
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tls-cluster-");
    private readonly TestAuthority _fleet = TestAuthority.Create("fleet CA");

    [Fact]
    public async Task Two_silo_processes_with_TLS_form_one_cluster_that_a_TLS_client_finds_in_the_membership_table()
    {
        var environment = SiloProcess.DynamoDBEnvironment(moto.Url, moto.Region);
        await using var first = SiloProcess.Start(WithTls(environment, "silo-1"));
        await Poll.UntilAsync(first.IsReadyAsync, Deadline, "the first TLS silo process to be ready");
        await using var second = SiloProcess.Start(WithTls(environment, "silo-2"));
        await Poll.UntilAsync(second.IsReadyAsync, Deadline, "the second TLS silo process to be ready");

        var automation = Volume("automation");
        automation.Publish(_fleet.Issue("automation"), _fleet.Certificate);
        string[] fleet = ["--membership-table", environment["Orleans__DynamoDB__SilosTable"], "--cluster-id", environment["Orleans__ClusterId"], "--service-id", environment["Orleans__ServiceId"], "--tls-directory", automation.Directory];
        (await CliSandbox.RunCliAsync([.. fleet, "clusters", "register", "tls-1", "--region", moto.Region, "--kubeconfig", "/nonexistent/kubeconfig"], environment)).Succeeded();
        Assert.Contains("tls-1", (await CliSandbox.RunCliAsync([.. fleet, "clusters", "list", "-o", "json"], environment)).Succeeded().Output, StringComparison.Ordinal);
        Assert.True(await first.IsReadyAsync(), first.Output);
        Assert.True(await second.IsReadyAsync(), second.Output);
    }

    public void Dispose()
    {
        _fleet.Dispose();
        _root.Delete(recursive: true);
    }

    private Dictionary<string, string> WithTls(Dictionary<string, string> environment, string silo)
    {
        var volume = Volume(silo);
        volume.Publish(_fleet.Issue(silo), _fleet.Certificate);
        return new Dictionary<string, string>(environment) { ["Security__Tls__Directory"] = volume.Directory };
    }

    private SecretVolume Volume(string name) => new(Path.Combine(_root.FullName, name));
}
