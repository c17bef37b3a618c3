using AwsMultiEni.Abstractions.Security;
using Orleans.Concurrency;

namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// The fleet's read model for people, one grain keyed <see cref="Key"/>: the overview of every cluster's index and
/// the last hour, pushed to subscribed observers as it changes (at most once a second), and pages of attachment rows
/// merged from the clusters' indexes.
/// </summary>
public interface IFleetIndexGrain : IGrainWithStringKey
{
    public const string Key = "fleet";

    [ReadCall]
    [ReadOnly]
    Task<FleetOverview> GetOverview();

    /// <summary>The page across the fleet, or within <see cref="AttachmentQuery.Cluster"/>; at most <see cref="AttachmentQuery.MaxTake"/> rows.</summary>
    [ReadCall]
    [ReadOnly]
    Task<AttachmentPage> Query(AttachmentQuery query);

    /// <summary>Pushes of the overview; a subscription lapses unless renewed within a few minutes.</summary>
    [ReadCall]
    Task Subscribe(IFleetObserver observer);

    [ReadCall]
    Task Unsubscribe(IFleetObserver observer);
}

public interface IFleetObserver : IGrainObserver
{
    [OneWay]
    Task FleetChanged(FleetOverview overview);
}
