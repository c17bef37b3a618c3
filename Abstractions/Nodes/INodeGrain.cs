using AwsMultiEni.Abstractions.Security;
using Orleans.Concurrency;

namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>
/// One node of one cluster, keyed <c>{cluster}/{node}</c>: the device-index map across every
/// NodeENI, the interface set its agent must apply, and what the agent reported.
/// </summary>
public interface INodeGrain : IGrainWithStringKey
{
    [ReadCall]
    Task<DesiredInterfaceSet> GetDesiredInterfaces();

    /// <summary>The agent's latest report, or null before the first.</summary>
    [ReadCall]
    Task<NodeInterfaceReport?> GetReport();

    Task Report(NodeInterfaceReport report);

    /// <summary>Pushes of the desired set; best-effort, so agents also re-read on a period.</summary>
    Task Subscribe(INodeInterfacesObserver observer);

    Task Unsubscribe(INodeInterfacesObserver observer);
}

public interface INodeInterfacesObserver : IGrainObserver
{
    [OneWay]
    Task DesiredInterfacesChanged(DesiredInterfaceSet desired);
}
