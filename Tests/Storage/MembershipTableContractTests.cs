using System.Net;
using AwsMultiEni.Storage.Clustering;
using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace AwsMultiEni.Tests.Storage;

/// <summary>The IMembershipTable contract against DynamoDB in moto shared by the class: a fresh table and cluster id per test.</summary>
public sealed class MembershipTableContractTests(SharedMotoServer moto) : IAsyncLifetime
{
    private readonly string _table = MotoDynamoDB.UniqueName("Silos");
    private readonly string _clusterId = MotoDynamoDB.UniqueName("cluster");
    private StorageTestServices _services = null!;
    private DynamoDBMembershipTable _membership = null!;
    private int _nextGeneration = 1;

    public async ValueTask InitializeAsync()
    {
        _services = new StorageTestServices(moto.CreateDynamoDBClient(), "service", _clusterId);
        _membership = Membership(_clusterId);
        await _membership.InitializeMembershipTableAsync(tryInitTableVersion: true, Token);
    }

    public ValueTask DisposeAsync()
    {
        // Null-safe: a failed InitializeAsync still gets here.
        _services?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_new_table_has_version_zero_and_no_members_and_initializing_again_keeps_it()
    {
        await _membership.InitializeMembershipTableAsync(tryInitTableVersion: true, Token);

        var data = await _membership.ReadAllAsync(Token);

        Assert.Equal(0, data.Version.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task An_inserted_row_is_read_back_by_read_all_and_read_row_with_the_new_version()
    {
        var entry = NewEntry(SiloStatus.Joining);
        var version = (await _membership.ReadAllAsync(Token)).Version;

        Assert.True(await _membership.InsertRowAsync(entry, version.Next(), Token));

        var all = await _membership.ReadAllAsync(Token);
        Assert.Equal(1, all.Version.Version);
        var (stored, etag) = Assert.Single(all.Members);
        AssertSameEntry(entry, stored);
        Assert.False(string.IsNullOrEmpty(etag));

        var row = await _membership.ReadRowAsync(entry.SiloAddress, Token);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(etag, Assert.Single(row.Members).Item2);
    }

    [Fact]
    public async Task Inserting_with_a_stale_table_version_or_an_existing_row_fails()
    {
        var version = (await _membership.ReadAllAsync(Token)).Version;
        var entry = NewEntry(SiloStatus.Joining);
        Assert.True(await _membership.InsertRowAsync(entry, version.Next(), Token));

        Assert.False(await _membership.InsertRowAsync(NewEntry(SiloStatus.Joining), version.Next(), Token));
        var current = (await _membership.ReadAllAsync(Token)).Version;
        Assert.False(await _membership.InsertRowAsync(entry, current.Next(), Token));
        Assert.Single((await _membership.ReadAllAsync(Token)).Members);
    }

    [Fact]
    public async Task Update_succeeds_with_current_etags_and_fails_with_a_stale_row_etag_or_table_version()
    {
        var entry = NewEntry(SiloStatus.Joining);
        Assert.True(await _membership.InsertRowAsync(entry, (await _membership.ReadAllAsync(Token)).Version.Next(), Token));
        var before = await _membership.ReadRowAsync(entry.SiloAddress, Token);
        var rowETag = before.Members[0].Item2;

        entry.Status = SiloStatus.Active;
        Assert.True(await _membership.UpdateRowAsync(entry, rowETag, before.Version.Next(), Token));

        var after = await _membership.ReadRowAsync(entry.SiloAddress, Token);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.NotEqual(rowETag, after.Members[0].Item2);
        Assert.Equal(before.Version.Version + 1, after.Version.Version);

        entry.Status = SiloStatus.Dead;
        Assert.False(await _membership.UpdateRowAsync(entry, rowETag, after.Version.Next(), Token));
        Assert.False(await _membership.UpdateRowAsync(entry, after.Members[0].Item2, before.Version.Next(), Token));
        Assert.Equal(SiloStatus.Active, (await _membership.ReadRowAsync(entry.SiloAddress, Token)).Members[0].Item1.Status);
    }

    [Fact]
    public async Task Of_parallel_inserts_racing_for_one_version_exactly_one_wins()
    {
        var next = (await _membership.ReadAllAsync(Token)).Version.Next();
        var entries = Enumerable.Range(0, 8).Select(_ => NewEntry(SiloStatus.Joining)).ToList();
        using var racing = new StorageTestServices(moto.CreateSerializedDynamoDBClient(), "service", _clusterId);
        var silos = entries.Select(_ => racing.Membership(_table, _clusterId)).ToList();

        var outcomes = await Task.WhenAll(entries.Select((e, i) => silos[i].InsertRowAsync(e, next, Token)));

        Assert.Single(outcomes, won => won);
        var data = await _membership.ReadAllAsync(Token);
        Assert.Equal(next.Version, data.Version.Version);
        Assert.Equal(entries[Array.IndexOf(outcomes, true)].SiloAddress, Assert.Single(data.Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task Read_all_never_pairs_a_row_read_before_a_change_with_the_version_after_it()
    {
        var first = NewEntry(SiloStatus.Joining);
        var second = NewEntry(SiloStatus.Joining);
        foreach (var entry in new[] { first, second })
        {
            Assert.True(await _membership.InsertRowAsync(entry, (await _membership.ReadAllAsync(Token)).Version.Next(), Token));
        }

        // The first page of the reader's query holds the first silo's row; the change moves that row and the
        // version row, which the query reaches only later.
        var changed = false;
        using var paging = new StorageTestServices(
            new PagingDynamoDBClient(moto.Url, moto.Region, async () =>
            {
                var before = await _membership.ReadRowAsync(first.SiloAddress, Token);
                first.Status = SiloStatus.Active;
                changed = await _membership.UpdateRowAsync(first, before.Members[0].Item2, before.Version.Next(), Token);
            }),
            "service",
            _clusterId);

        var seen = await paging.Membership(_table, _clusterId).ReadAllAsync(Token);

        Assert.True(changed, "the change between the pages was not written");
        var current = await _membership.ReadAllAsync(Token);
        var seenFirst = seen.Members.Single(m => m.Item1.SiloAddress.Equals(first.SiloAddress));
        var currentFirst = current.Members.Single(m => m.Item1.SiloAddress.Equals(first.SiloAddress));
        // A version as new as the table's lets the reader's next write succeed, so it must come with the rows
        // as they are at that version; a row older than that must come with an older version, whose write fails.
        Assert.True(
            seen.Version.Version < current.Version.Version || seenFirst.Item2 == currentFirst.Item2,
            $"ReadAll returned version {seen.Version} (current {current.Version}) with the first silo as {seenFirst.Item1.Status} (now {currentFirst.Item1.Status})");
    }

    [Fact]
    public async Task IAmAlive_changes_only_that_column()
    {
        var entry = NewEntry(SiloStatus.Active);
        Assert.True(await _membership.InsertRowAsync(entry, (await _membership.ReadAllAsync(Token)).Version.Next(), Token));
        var before = await _membership.ReadRowAsync(entry.SiloAddress, Token);

        var alive = Truncated(DateTime.UtcNow.AddMinutes(5));
        await _membership.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive }, Token);

        var after = await _membership.ReadRowAsync(entry.SiloAddress, Token);
        Assert.Equal(alive, after.Members[0].Item1.IAmAliveTime);
        Assert.Equal(before.Members[0].Item2, after.Members[0].Item2);
        Assert.Equal(before.Version, after.Version);
        entry.IAmAliveTime = alive;
        AssertSameEntry(entry, after.Members[0].Item1);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_not_heard_of_since_the_cutoff()
    {
        var longDead = NewEntry(SiloStatus.Dead, aliveAgo: TimeSpan.FromHours(3));
        var recentlyDead = NewEntry(SiloStatus.Dead, aliveAgo: TimeSpan.FromMinutes(1));
        var quietButActive = NewEntry(SiloStatus.Active, aliveAgo: TimeSpan.FromHours(3));
        foreach (var entry in new[] { longDead, recentlyDead, quietButActive })
        {
            Assert.True(await _membership.InsertRowAsync(entry, (await _membership.ReadAllAsync(Token)).Version.Next(), Token));
        }

        await _membership.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1), Token);

        var remaining = (await _membership.ReadAllAsync(Token)).Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.Equal([recentlyDead.SiloAddress, quietButActive.SiloAddress], remaining.OrderBy(s => s.Generation));
    }

    [Fact]
    public async Task Gateway_list_has_the_gateways_of_active_silos_only()
    {
        var active = NewEntry(SiloStatus.Active);
        var joining = NewEntry(SiloStatus.Joining);
        var dead = NewEntry(SiloStatus.Dead);
        foreach (var entry in new[] { active, joining, dead })
        {
            Assert.True(await _membership.InsertRowAsync(entry, (await _membership.ReadAllAsync(Token)).Version.Next(), Token));
        }

        var gateways = new DynamoDBGatewayListProvider(
            Options.Create(new DynamoDBClusteringOptions { TableName = _table }), _services.Cluster, Options.Create(new GatewayOptions()), _services.Client, _services.Tables);
        await gateways.InitializeGatewayListProviderAsync(Token);

        var uri = Assert.Single(await gateways.GetGatewaysAsync(Token));
        Assert.Equal(SiloAddress.New(active.SiloAddress.Endpoint.Address, active.ProxyPort, active.SiloAddress.Generation).ToGatewayUri(), uri);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_leaves_other_clusters_alone()
    {
        var other = Membership(MotoDynamoDB.UniqueName("other-cluster"));
        await other.InitializeMembershipTableAsync(tryInitTableVersion: true, Token);
        Assert.True(await other.InsertRowAsync(NewEntry(SiloStatus.Active), new TableVersion(1, "0"), Token));
        Assert.True(await _membership.InsertRowAsync(NewEntry(SiloStatus.Active), new TableVersion(1, "0"), Token));

        await _membership.DeleteMembershipTableEntriesAsync(_clusterId, Token);

        Assert.Empty((await _membership.ReadAllAsync(Token)).Members);
        Assert.Single((await other.ReadAllAsync(Token)).Members);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DynamoDBMembershipTable Membership(string clusterId) => _services.Membership(_table, clusterId);

    private MembershipEntry NewEntry(SiloStatus status, TimeSpan? aliveAgo = null)
    {
        var generation = _nextGeneration++;
        var now = Truncated(DateTime.UtcNow);
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, 11111, generation),
            Status = status,
            ProxyPort = 30000 + generation,
            HostName = "host",
            SiloName = $"silo-{generation}",
            RoleName = "role",
            StartTime = now - (aliveAgo ?? TimeSpan.Zero) - TimeSpan.FromMinutes(1),
            IAmAliveTime = now - (aliveAgo ?? TimeSpan.Zero),
            SuspectTimes = [Tuple.Create(SiloAddress.New(IPAddress.Loopback, 22222, 7), now)],
        };
    }

    private static DateTime Truncated(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.RoleName, actual.RoleName);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.SuspectTimes, actual.SuspectTimes);
    }
}
