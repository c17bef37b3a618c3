using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Cli;
using AwsMultiEni.Tests.Infrastructure;
using Orleans.Runtime;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// Two real silo processes configured only by environment variables, as in production, form one
/// cluster through the DynamoDB membership table in moto, and a graceful stop leaves the other running.
/// </summary>
public sealed class SiloProcessClusterTests(SharedMotoServer moto)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_cli_finds_the_silo_processes_in_the_membership_table_and_a_cluster_registered_through_one_is_listed_through_another()
    {
        var environment = Environment(out _, out _, out var silosTable);
        string[] fleet = ["--membership-table", silosTable, "--cluster-id", environment["Orleans__ClusterId"], "--service-id", environment["Orleans__ServiceId"]];

        await using (var first = SiloProcess.Start(environment))
        {
            await Poll.UntilAsync(first.IsReadyAsync, Deadline, "the first silo process to be ready");
            (await CliSandbox.RunCliAsync([.. fleet, "clusters", "register", "prod-eu-1", "--region", moto.Region, "--kubeconfig", "/nonexistent/kubeconfig"], environment)).Succeeded();
            await first.StopAsync(Token);
        }

        // Only the stopped silo is in the table: a client that trusted every row would try its dead gateway.
        await using var second = SiloProcess.Start(environment);
        await Poll.UntilAsync(second.IsReadyAsync, Deadline, "the second silo process to be ready");
        var listed = JsonNode.Parse((await CliSandbox.RunCliAsync([.. fleet, "clusters", "list", "-o", "json"], environment)).Succeeded().Output)!.AsArray();

        var cluster = Assert.Single(listed)!;
        Assert.Equal(("prod-eu-1", moto.Region), ((string?)cluster["registration"]!["name"], (string?)cluster["registration"]!["region"]));
        Assert.False((bool)cluster["watch"]!["watching"]!);
        Assert.NotNull((string?)cluster["watch"]!["lastError"]);

        var missing = await CliSandbox.RunCliAsync([.. fleet[..1], "NoSuchSilos", "--connect-timeout", "2", "clusters", "list"], environment);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("DynamoDB table 'NoSuchSilos' does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_silo_processes_with_DynamoDB_clustering_form_one_cluster_and_the_survivor_stays_active()
    {
        var environment = Environment(out var clusterId, out _, out var silosTable);
        await using var first = SiloProcess.Start(environment);
        await using var second = SiloProcess.Start(environment);
        using var services = new StorageTestServices(moto.CreateDynamoDBClient(), "unused", clusterId);
        var membership = services.Membership(silosTable, clusterId);

        await Poll.UntilAsync(first.IsReadyAsync, Deadline, "the first silo process to be ready");
        await Poll.UntilAsync(second.IsReadyAsync, Deadline, "the second silo process to be ready");
        await Poll.UntilAsync(
            async () => StatusOf(await membership.ReadAllAsync(Token), first) == SiloStatus.Active && StatusOf(await membership.ReadAllAsync(Token), second) == SiloStatus.Active,
            Deadline,
            "both silo processes Active in the DynamoDB membership table");

        await first.StopAsync(Token);

        await Poll.UntilAsync(
            async () => StatusOf(await membership.ReadAllAsync(Token), first) == SiloStatus.Dead,
            Deadline,
            "the stopped silo to be Dead in the membership table");
        Assert.Equal(SiloStatus.Active, StatusOf(await membership.ReadAllAsync(Token), second));
        Assert.True(await second.IsReadyAsync(), second.Output);
    }

    private Dictionary<string, string> Environment(out string clusterId, out string serviceId, out string silosTable)
    {
        var environment = SiloProcess.DynamoDBEnvironment(moto.Url, moto.Region);
        clusterId = environment["Orleans__ClusterId"];
        serviceId = environment["Orleans__ServiceId"];
        silosTable = environment["Orleans__DynamoDB__SilosTable"];
        return environment;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static SiloStatus? StatusOf(MembershipTableData data, SiloProcess silo) =>
        data.Members.Where(m => m.Item1.SiloAddress.Endpoint.Port == silo.SiloPort).Select(m => (SiloStatus?)m.Item1.Status).SingleOrDefault();
}
