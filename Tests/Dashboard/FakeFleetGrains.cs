using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Abstractions.ReadModels;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>
/// The fleet index as the dashboard sees it: an overview and rows it pages with the same rules as the real indexes
/// (<see cref="AttachmentRows"/>), the queries it was asked, and a change pushed to its subscribers.
/// </summary>
internal sealed class FakeFleetIndex(FleetOverview overview, IReadOnlyList<AttachmentRow> rows) : IFleetIndexGrain
{
    private readonly Lock _sync = new();
    private readonly List<IFleetObserver> _observers = [];
    private readonly List<AttachmentQuery> _queries = [];
    private FleetOverview _overview = overview;
    private IReadOnlyList<AttachmentRow> _rows = rows;

    public IReadOnlyList<AttachmentQuery> Queries
    {
        get
        {
            lock (_sync)
            {
                return [.. _queries];
            }
        }
    }

    public int Observers
    {
        get
        {
            lock (_sync)
            {
                return _observers.Count;
            }
        }
    }

    public Task<FleetOverview> GetOverview()
    {
        lock (_sync)
        {
            return Task.FromResult(_overview);
        }
    }

    public Task<AttachmentPage> Query(AttachmentQuery query)
    {
        lock (_sync)
        {
            _queries.Add(query);
            return Task.FromResult(AttachmentRows.Page(_rows, query, query.Skip, query.Take));
        }
    }

    public Task Subscribe(IFleetObserver observer)
    {
        lock (_sync)
        {
            if (!_observers.Contains(observer))
            {
                _observers.Add(observer);
            }
        }

        return Task.CompletedTask;
    }

    public Task Unsubscribe(IFleetObserver observer)
    {
        lock (_sync)
        {
            _observers.Remove(observer);
        }

        return Task.CompletedTask;
    }

    /// <summary>The world changed: the new overview and rows, pushed to every subscriber as the real index does.</summary>
    public async Task ChangeAsync(FleetOverview overview, IReadOnlyList<AttachmentRow> rows)
    {
        List<IFleetObserver> observers;
        lock (_sync)
        {
            (_overview, _rows) = (overview, rows);
            observers = [.. _observers];
        }

        foreach (var observer in observers)
        {
            await observer.FleetChanged(overview);
        }
    }
}

internal sealed class FakeAttachmentGrain(AttachmentHistory history) : IAttachmentGrain
{
    public Task<AttachmentHistory> GetHistory() => Task.FromResult(history);
}

internal sealed class FakeNodeGrain(DesiredInterfaceSet desired, NodeInterfaceReport? report) : INodeGrain
{
    public Task<NodeInterfaceReport?> GetReport() => Task.FromResult(report);

    public Task<DesiredInterfaceSet> GetDesiredInterfaces() => Task.FromResult(desired);

    public Task Report(NodeInterfaceReport report) => throw new NotSupportedException();

    public Task Subscribe(INodeInterfacesObserver observer) => throw new NotSupportedException();

    public Task Unsubscribe(INodeInterfacesObserver observer) => throw new NotSupportedException();
}
