using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Dashboard.Components.Pages;
using AwsMultiEni.Dashboard.Fleet;
using AwsMultiEni.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static AwsMultiEni.Tests.Dashboard.FleetWorld;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>
/// What one open fleet page costs the fleet index per push: one query for its page of rows when the version moved,
/// none when the feed's periodic read brings the same version again, and none while its browser is gone, then one
/// when it is back.
/// </summary>
public sealed class LiveFleetRefreshTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private readonly FakeFleetIndex _index;

    public LiveFleetRefreshTests()
    {
        var (overview, rows) = Fleet();
        _index = new FakeFleetIndex(overview, rows);
        _context.Services.AddSingleton<IClusterClient>(new FakeClusterClient().Add<IFleetIndexGrain>(IFleetIndexGrain.Key, _index));
        _context.Services.AddSingleton<FleetFeed>();
        _context.Services.AddScoped<CircuitConnection>();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private int PageQueries => _index.Queries.Count(q => !q.ProblemsOnly);

    [Fact]
    public async Task A_new_version_reads_the_page_once_and_the_same_version_read_again_reads_nothing()
    {
        var cut = await OpenAsync();
        var before = PageQueries;
        var (converged, rows) = Converged();

        await _index.ChangeAsync(converged, rows);
        cut.WaitForAssertion(() => Assert.Equal("249", cut.Find("[data-testid=summary-attachments]").TextContent));
        cut.WaitForAssertion(() => Assert.Equal(before + 1, PageQueries));

        var renders = cut.RenderCount;
        await _index.ChangeAsync(converged with { AsOf = converged.AsOf.AddSeconds(10) }, rows);
        cut.WaitForAssertion(() => Assert.True(cut.RenderCount > renders));
        Assert.Equal(before + 1, PageQueries);
    }

    [Fact]
    public async Task A_page_whose_browser_is_gone_reads_nothing_until_it_is_back_and_then_once()
    {
        var cut = await OpenAsync();
        var before = PageQueries;
        var connection = _context.Services.GetRequiredService<CircuitConnection>();
        var (converged, rows) = Converged();

        await connection.OnConnectionDownAsync(null!, Xunit.TestContext.Current.CancellationToken);
        await _index.ChangeAsync(converged, rows);
        await _index.ChangeAsync(converged with { Version = converged.Version + 1 }, rows);
        // The circuit handles its work in order: once this ran, so did what the pushes queued.
        await cut.InvokeAsync(() => { });
        Assert.Equal(before, PageQueries);
        Assert.Equal("248", cut.Find("[data-testid=summary-attachments]").TextContent);

        await connection.OnConnectionUpAsync(null!, Xunit.TestContext.Current.CancellationToken);
        cut.WaitForAssertion(() => Assert.Equal("249", cut.Find("[data-testid=summary-attachments]").TextContent));
        cut.WaitForAssertion(() => Assert.Equal(before + 1, PageQueries));
        Assert.Equal(before + 1, PageQueries);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    private async Task<IRenderedComponent<Home>> OpenAsync()
    {
        var cut = _context.Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal(100, cut.FindAll("[data-testid=fleet-attachments] [data-eni]").Count));
        // Pushes reach the page once the feed's observer is subscribed.
        await Poll.UntilAsync(() => _index.Observers == 1, TimeSpan.FromSeconds(15), "the feed subscribed to the fleet index");
        return cut;
    }
}
