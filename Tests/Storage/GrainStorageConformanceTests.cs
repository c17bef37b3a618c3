using AwsMultiEni.Storage.GrainStorage;
using AwsMultiEni.Storage.GrainStorage.Options;
using AwsMultiEni.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Storage;

namespace AwsMultiEni.Tests.Storage;

/// <summary>The grain storage contract, against DynamoDB in moto shared by the class: a fresh table and service id per test.</summary>
public sealed class GrainStorageConformanceTests(SharedMotoServer moto) : IAsyncLifetime
{
    private const string StateName = "state";
    private readonly string _table = MotoDynamoDB.UniqueName("GrainState");
    private readonly string _serviceId = MotoDynamoDB.UniqueName("svc");
    private StorageTestServices _services = null!;

    public async ValueTask InitializeAsync()
    {
        _services = new StorageTestServices(moto.CreateDynamoDBClient(), _serviceId, "cluster");
        await Storage(deleteOnClear: false).InitializeAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        // Null-safe: a failed InitializeAsync still gets here.
        _services?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Reading_missing_state_gives_a_fresh_object_that_does_not_exist()
    {
        var state = new GrainState<TestState>();

        await Storage().ReadStateAsync(StateName, NewGrain(), state, Token);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal("", state.State!.Text);
    }

    [Fact]
    public async Task Written_state_reads_back_with_the_same_etag()
    {
        var grain = NewGrain();
        var written = new GrainState<TestState>(new TestState { Text = "hello", Payload = [1, 2, 3] });

        await Storage().WriteStateAsync(StateName, grain, written, Token);
        var read = await ReadAsync(grain);

        Assert.True(written.RecordExists);
        Assert.True(read.RecordExists);
        Assert.Equal("hello", read.State!.Text);
        Assert.Equal([1, 2, 3], read.State!.Payload);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task A_second_first_write_conflicts()
    {
        var grain = NewGrain();
        await Storage().WriteStateAsync(StateName, grain, new GrainState<TestState>(new TestState { Text = "first" }), Token);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage().WriteStateAsync(StateName, grain, new GrainState<TestState>(new TestState { Text = "second" }), Token));
        Assert.Equal("first", (await ReadAsync(grain)).State!.Text);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_conflicts()
    {
        var grain = NewGrain();
        var current = new GrainState<TestState>(new TestState { Text = "v1" });
        await Storage().WriteStateAsync(StateName, grain, current, Token);
        var stale = await ReadAsync(grain);
        current.State!.Text = "v2";
        await Storage().WriteStateAsync(StateName, grain, current, Token);

        stale.State!.Text = "lost update";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage().WriteStateAsync(StateName, grain, stale, Token));
        Assert.Equal("v2", (await ReadAsync(grain)).State!.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Clear_changes_the_etag_and_the_record_no_longer_exists(bool deleteOnClear)
    {
        var grain = NewGrain();
        var state = new GrainState<TestState>(new TestState { Text = "doomed" });
        await Storage(deleteOnClear).WriteStateAsync(StateName, grain, state, Token);
        var etagBeforeClear = state.ETag;

        await Storage(deleteOnClear).ClearStateAsync(StateName, grain, state, Token);

        Assert.NotEqual(etagBeforeClear, state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal("", state.State!.Text);
        var read = await ReadAsync(grain);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task State_can_be_written_again_after_clear(bool deleteOnClear)
    {
        var grain = NewGrain();
        var state = new GrainState<TestState>(new TestState { Text = "before" });
        await Storage(deleteOnClear).WriteStateAsync(StateName, grain, state, Token);
        await Storage(deleteOnClear).ClearStateAsync(StateName, grain, state, Token);

        state.State!.Text = "after";
        await Storage(deleteOnClear).WriteStateAsync(StateName, grain, state, Token);

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal("after", read.State!.Text);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_conflicts()
    {
        var grain = NewGrain();
        var state = new GrainState<TestState>(new TestState { Text = "v1" });
        await Storage().WriteStateAsync(StateName, grain, state, Token);
        var stale = await ReadAsync(grain);
        await Storage().WriteStateAsync(StateName, grain, state, Token);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage().ClearStateAsync(StateName, grain, stale, Token));
        Assert.True((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task State_over_the_item_limit_is_rejected_before_the_call()
    {
        var grain = NewGrain();
        var state = new GrainState<TestState>(new TestState { Payload = new byte[400 * 1024] });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Storage().WriteStateAsync(StateName, grain, state, Token));

        Assert.Contains("over DynamoDB's limit of 409600 bytes per item", error.Message, StringComparison.Ordinal);
        Assert.Contains(StateName, error.Message, StringComparison.Ordinal);
        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task Two_grain_types_with_the_same_key_do_not_collide()
    {
        var key = Guid.NewGuid().ToString("N");
        var first = GrainId.Create("first-type", key);
        var second = GrainId.Create("second-type", key);

        await Storage().WriteStateAsync(StateName, first, new GrainState<TestState>(new TestState { Text = "first" }), Token);
        await Storage().WriteStateAsync(StateName, second, new GrainState<TestState>(new TestState { Text = "second" }), Token);

        Assert.Equal("first", (await ReadAsync(first)).State!.Text);
        Assert.Equal("second", (await ReadAsync(second)).State!.Text);
    }

    [Fact]
    public async Task Services_with_different_ids_keep_separate_state_in_one_table()
    {
        var grain = NewGrain();
        await Storage().WriteStateAsync(StateName, grain, new GrainState<TestState>(new TestState { Text = "ours" }), Token);
        using var otherService = new StorageTestServices(_services.Client, MotoDynamoDB.UniqueName("svc"), "cluster");

        var theirs = new GrainState<TestState>();
        await Storage(otherService).ReadStateAsync(StateName, grain, theirs, Token);

        Assert.False(theirs.RecordExists);
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var grain = NewGrain();
        await Storage().WriteStateAsync(StateName, grain, new GrainState<TestState>(new TestState { Text = "base" }), Token);
        var writers = new List<GrainState<TestState>>();
        for (var i = 0; i < 8; i++)
        {
            var copy = await ReadAsync(grain);
            copy.State!.Text = $"writer {i}";
            writers.Add(copy);
        }

        using var racing = new StorageTestServices(moto.CreateSerializedDynamoDBClient(), _serviceId, "cluster");
        var outcomes = await Task.WhenAll(writers.Select(async w =>
        {
            try
            {
                await Storage(racing).WriteStateAsync(StateName, grain, w, Token);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        var winner = writers[Array.IndexOf(outcomes, true)];
        Assert.Equal(winner.State!.Text, (await ReadAsync(grain)).State!.Text);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static GrainId NewGrain() => GrainId.Create("test-grain", Guid.NewGuid().ToString("N"));

    private DynamoDBGrainStorage Storage(bool deleteOnClear = false) => Storage(_services, deleteOnClear);

    private DynamoDBGrainStorage Storage(StorageTestServices services, bool deleteOnClear = false) => new(
        "test",
        new DynamoDBGrainStorageOptions { TableName = _table, DeleteStateOnClear = deleteOnClear, GrainStorageSerializer = services.Serializer },
        services.Cluster,
        services.Client,
        services.Tables,
        services.Activators,
        StorageTestServices.Logger<DynamoDBGrainStorage>());

    private async Task<GrainState<TestState>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<TestState>();
        await Storage().ReadStateAsync(StateName, grain, state, Token);
        return state;
    }
}
