using AwsMultiEni.Storage.Reminders;
using AwsMultiEni.Storage.Reminders.Options;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AwsMultiEni.Tests.Storage;

/// <summary>The IReminderTable contract against DynamoDB in moto shared by the class: a fresh table and service id per test.</summary>
public sealed class ReminderTableTests(SharedMotoServer moto) : IAsyncLifetime
{
    private readonly string _table = MotoDynamoDB.UniqueName("Reminders");
    private StorageTestServices _services = null!;
    private DynamoDBReminderTable _reminders = null!;

    public async ValueTask InitializeAsync()
    {
        _services = new StorageTestServices(moto.CreateDynamoDBClient(), MotoDynamoDB.UniqueName("svc"), "cluster");
        _reminders = Reminders(_services);
        await _reminders.StartAsync(Token);
    }

    public ValueTask DisposeAsync()
    {
        // Null-safe: a failed InitializeAsync still gets here.
        _services?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_upserted_reminder_reads_back_and_is_removed_with_its_etag()
    {
        var grain = NewGrain();
        var entry = Reminder(grain, "tick");

        var etag = await _reminders.UpsertRow(entry, Token);

        var read = await _reminders.ReadRow(grain, "tick", Token);
        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal("tick", read.ReminderName);
        Assert.Equal(entry.StartAt, read.StartAt);
        Assert.Equal(entry.Period, read.Period);
        Assert.Equal(etag, read.ETag);
        Assert.Single((await _reminders.ReadRows(grain, Token)).Reminders);

        Assert.True(await _reminders.RemoveRow(grain, "tick", etag!, Token));
        Assert.Null(await _reminders.ReadRow(grain, "tick", Token));
        Assert.Empty((await _reminders.ReadRows(grain, Token)).Reminders);
    }

    [Fact]
    public async Task Reading_by_grain_returns_only_that_grains_reminders()
    {
        var grain = NewGrain();
        await _reminders.UpsertRow(Reminder(grain, "a"), Token);
        await _reminders.UpsertRow(Reminder(grain, "b"), Token);
        await _reminders.UpsertRow(Reminder(NewGrain(), "a"), Token);

        var names = (await _reminders.ReadRows(grain, Token)).Reminders.Select(r => r.ReminderName).Order();

        Assert.Equal(["a", "b"], names);
    }

    [Fact]
    public async Task A_stale_etag_does_not_remove_a_reminder_registered_again_since()
    {
        var grain = NewGrain();
        var first = await _reminders.UpsertRow(Reminder(grain, "tick"), Token);
        var second = await _reminders.UpsertRow(Reminder(grain, "tick"), Token);

        Assert.NotEqual(first, second);
        Assert.False(await _reminders.RemoveRow(grain, "tick", first!, Token));
        Assert.NotNull(await _reminders.ReadRow(grain, "tick", Token));
        Assert.True(await _reminders.RemoveRow(grain, "tick", second!, Token));
        Assert.False(await _reminders.RemoveRow(grain, "tick", second!, Token));
    }

    [Fact]
    public async Task Range_reads_return_the_grains_whose_hash_lies_in_the_range_including_wrapped_ranges()
    {
        var grains = Enumerable.Range(0, 12).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains)
        {
            await _reminders.UpsertRow(Reminder(grain, "tick"), Token);
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var low = hashes[3];
        var high = hashes[8];

        await AssertRangeAsync(low, high, grains);
        await AssertRangeAsync(high, low, grains);
        await AssertRangeAsync(low, low, grains);
        await AssertRangeAsync(0, uint.MaxValue, grains);
    }

    [Fact]
    public async Task Clearing_the_table_removes_only_this_services_reminders()
    {
        await _reminders.UpsertRow(Reminder(NewGrain(), "tick"), Token);
        using var otherService = new StorageTestServices(_services.Client, MotoDynamoDB.UniqueName("svc"), "cluster");
        var otherReminders = Reminders(otherService);
        await otherReminders.UpsertRow(Reminder(NewGrain(), "tick"), Token);

        await _reminders.TestOnlyClearTable(Token);

        Assert.Empty((await _reminders.ReadRows(0, uint.MaxValue, Token)).Reminders);
        Assert.Single((await otherReminders.ReadRows(0, uint.MaxValue, Token)).Reminders);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DynamoDBReminderTable Reminders(StorageTestServices services) =>
        new(Options.Create(new DynamoDBReminderOptions { TableName = _table }), services.Cluster, services.Client, services.Tables);

    private static GrainId NewGrain() => GrainId.Create("reminder-grain", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Reminder(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(5),
    };

    /// <summary>Orleans ring ranges are (begin, end]; begin ≥ end wraps past uint.MaxValue, and begin = end is the whole ring.</summary>
    private async Task AssertRangeAsync(uint begin, uint end, List<GrainId> grains)
    {
        var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order().ToList();

        var actual = (await _reminders.ReadRows(begin, end, Token)).Reminders.Select(r => r.GrainId.ToString()).Order().ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
