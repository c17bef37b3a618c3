using AwsMultiEni.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// Three silos (TestCluster, its own membership off) that find each other only through the DynamoDB
/// membership table and keep grain state in DynamoDB: a killed silo's grains come back elsewhere with their state.
/// </summary>
public sealed class DynamoDBTestClusterTests(SharedMotoServer moto) : IAsyncLifetime
{
    private readonly string _silosTable = MotoDynamoDB.UniqueName("Silos");
    private readonly string _grainStateTable = MotoDynamoDB.UniqueName("GrainState");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private TestCluster? _cluster;

    public async ValueTask InitializeAsync()
    {
        var builder = DynamoDBTestClusterKeys.Builder(moto, 3, _silosTable, _grainStateTable);
        builder.AddSiloBuilderConfigurator<DynamoDBSiloConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            // Silos that did start must not outlive a failed deploy.
            await cluster.DisposeAsync();
            throw;
        }

        _cluster = cluster;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    [Fact]
    public async Task The_cluster_forms_through_the_membership_table_and_a_killed_silos_grains_reactivate_elsewhere_with_their_state()
    {
        using var services = new StorageTestServices(moto.CreateDynamoDBClient(), Cluster.Options.ServiceId, Cluster.Options.ClusterId);
        var membership = services.Membership(_silosTable, Cluster.Options.ClusterId);
        await Poll.UntilAsync(
            async () => (await membership.ReadAllAsync(Token)).Members.Count(m => m.Item1.Status == SiloStatus.Active) == 3,
            Deadline,
            "three Active silos in the DynamoDB membership table");

        var grains = Enumerable.Range(0, 24).Select(i => Cluster.Client.GetGrain<IStorageCounterGrain>($"counter-{i}")).ToList();
        var placed = new Dictionary<IStorageCounterGrain, CounterReading>();
        foreach (var grain in grains)
        {
            await grain.Increment();
            placed[grain] = await grain.Increment();
        }

        var victim = Cluster.Silos
            .OrderByDescending(s => placed.Values.Count(r => r.Silo == s.SiloAddress.ToString()))
            .First();
        var orphans = placed.Where(p => p.Value.Silo == victim.SiloAddress.ToString()).Select(p => p.Key).ToList();
        Assert.NotEmpty(orphans);

        await Cluster.KillSiloAsync(victim, Token);

        await Poll.UntilAsync(
            async () => (await membership.ReadRowAsync(victim.SiloAddress, Token)).Members.Single().Item1.Status == SiloStatus.Dead,
            Deadline,
            $"the killed silo {victim.SiloAddress} to be declared Dead in the membership table");
        foreach (var orphan in orphans)
        {
            var reading = await Poll.ForValueAsync(() => ReadAsync(orphan), Deadline, $"grain {orphan.GetPrimaryKeyString()} to answer again");
            Assert.Equal(2, reading.Count);
            Assert.NotEqual(victim.SiloAddress.ToString(), reading.Silo);
        }
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<CounterReading?> ReadAsync(IStorageCounterGrain grain)
    {
        try
        {
            return await grain.Read();
        }
        catch (Exception ex) when (ex is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            return null;
        }
    }
}
