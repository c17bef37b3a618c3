using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Dashboard.Fleet;
using Microsoft.AspNetCore.Components;

namespace AwsMultiEni.Dashboard.Components;

/// <summary>
/// A page that follows the fleet overview: it renders the feed's latest overview, and each new version re-renders it
/// after <see cref="OnFleetChangedAsync"/> refreshed whatever else the page reads (its page of rows). The same version
/// read again (the feed's periodic read) only re-renders, ages and the last hour moved on; a circuit whose browser
/// is gone reads nothing until it comes back, and then once.
/// </summary>
public abstract class LiveFleetComponent : ComponentBase, IDisposable
{
    private bool _stale;

    [Inject]
    private FleetFeed Feed { get; set; } = null!;

    [Inject]
    private CircuitConnection Connection { get; set; } = null!;

    protected FleetOverview? Overview { get; private set; }

    /// <summary>Why the overview could not be read, or null.</summary>
    protected string? OverviewProblem { get; private set; }

    protected IReadOnlyList<(string Address, string Status)> Silos => Feed.Silos;

    protected string? SilosProblem => Feed.SilosProblem;

    protected override async Task OnInitializedAsync()
    {
        (Overview, OverviewProblem) = await Feed.CurrentAsync();
        Feed.Changed += OnFeedChanged;
        Connection.Reconnected += OnReconnected;
    }

    /// <summary>Runs on the circuit's context before the page renders the new overview.</summary>
    protected virtual Task OnFleetChangedAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Feed.Changed -= OnFeedChanged;
        Connection.Reconnected -= OnReconnected;
        GC.SuppressFinalize(this);
    }

    private void OnFeedChanged(FleetOverview overview) => _ = InvokeAsync(async () =>
    {
        _stale |= Overview is null || !overview.SameVersionAs(Overview);
        Overview = overview;
        OverviewProblem = null;
        if (Connection.IsUp)
        {
            await RefreshAsync();
        }
    });

    private void OnReconnected() => _ = InvokeAsync(RefreshAsync);

    private async Task RefreshAsync()
    {
        if (_stale)
        {
            _stale = false;
            await OnFleetChangedAsync();
        }

        StateHasChanged();
    }
}
