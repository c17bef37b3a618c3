using AwsMultiEni.Abstractions.Fleet;
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
    public async Task A_cluster_registered_through_one_silo_process_is_listed_through_another_after_the_first_stops()
    {
        var environment = Environment(out var clusterId, out var serviceId, out var silosTable);
        using var dynamo = moto.CreateDynamoDBClient();
        var registration = new ClusterRegistration { Name = "prod-eu-1", Region = moto.Region, Kubeconfig = "/nonexistent/kubeconfig" };

        await using (var first = SiloProcess.Start(environment))
        {
            await Poll.UntilAsync(first.IsReadyAsync, Deadline, "the first silo process to be ready");
            await using (var client = await SiloProcessClient.ConnectAsync(dynamo, silosTable, clusterId, serviceId, Token))
            {
                await client.Client.GetGrain<IFleetGrain>(IFleetGrain.Key).Register(registration);
            }

            await first.StopAsync(Token);
        }

        await using var second = SiloProcess.Start(environment);
        await Poll.UntilAsync(second.IsReadyAsync, Deadline, "the second silo process to be ready");
        await using var secondClient = await SiloProcessClient.ConnectAsync(dynamo, silosTable, clusterId, serviceId, Token);

        var listed = Assert.Single(await secondClient.Client.GetGrain<IFleetGrain>(IFleetGrain.Key).ListClusters());
        Assert.Equal(registration, listed.Registration);
        Assert.False(listed.Watch.Watching);
        Assert.NotNull(listed.Watch.LastError);
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
