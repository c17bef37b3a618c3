using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Dashboard.Fleet;
using Microsoft.AspNetCore.Components;

namespace AwsMultiEni.Dashboard.Components;

/// <summary>
/// A page that follows the fleet overview: it renders the feed's latest overview, and each push re-renders it after
/// <see cref="OnFleetChangedAsync"/> refreshed whatever else the page reads (its page of rows).
/// </summary>
public abstract class LiveFleetComponent : ComponentBase, IDisposable
{
    [Inject]
    private FleetFeed Feed { get; set; } = null!;

    protected FleetOverview? Overview { get; private set; }

    /// <summary>Why the overview could not be read, or null.</summary>
    protected string? OverviewProblem { get; private set; }

    protected IReadOnlyList<(string Address, string Status)> Silos => Feed.Silos;

    protected string? SilosProblem => Feed.SilosProblem;

    protected override async Task OnInitializedAsync()
    {
        (Overview, OverviewProblem) = await Feed.CurrentAsync();
        Feed.Changed += OnFeedChanged;
    }

    /// <summary>Runs on the circuit's context before the page renders the new overview.</summary>
    protected virtual Task OnFleetChangedAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Feed.Changed -= OnFeedChanged;
        GC.SuppressFinalize(this);
    }

    private void OnFeedChanged(FleetOverview overview) => _ = InvokeAsync(async () =>
    {
        Overview = overview;
        OverviewProblem = null;
        await OnFleetChangedAsync();
        StateHasChanged();
    });
}
