using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>Test doubles of the fleet's grain contracts: each answers what the test set, or throws what it set.</summary>
internal sealed class FakeFleetGrain(params ClusterSummary[] clusters) : IFleetGrain
{
    public List<ClusterSummary> Clusters { get; } = [.. clusters];

    public Task Register(ClusterRegistration registration) => throw new NotSupportedException();

    public Task<bool> Unregister(string cluster) => throw new NotSupportedException();

    public Task<IReadOnlyList<ClusterSummary>> ListClusters() => Task.FromResult<IReadOnlyList<ClusterSummary>>([.. Clusters]);
}

internal sealed class FakeClusterGrain(Exception? failure, params string[] nodeEnis) : IClusterGrain
{
    public Task<ClusterSummary> GetSummary() => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> ListNodeEnis() =>
        failure is null ? Task.FromResult<IReadOnlyList<string>>(nodeEnis) : Task.FromException<IReadOnlyList<string>>(failure);

    public Task<IReadOnlyList<NodeSummary>> ListNodes() => throw new NotSupportedException();
}

internal sealed class FakeNodeEniGrain(NodeEni nodeEni) : INodeEniGrain
{
    public NodeEni NodeEni { get; set; } = nodeEni;

    public Task<NodeEni?> Get() => Task.FromResult<NodeEni?>(NodeEni);

    public Task<IReadOnlyList<EniAttachmentStatus>> ListAttachments() => throw new NotSupportedException();

    public Task Apply(NodeEniSpec spec) => throw new NotSupportedException();

    public Task Delete() => throw new NotSupportedException();
}

internal sealed class FakeAttachmentGrain(AttachmentHistory history) : IAttachmentGrain
{
    public Task<AttachmentHistory> GetHistory() => Task.FromResult(history);
}

internal sealed class FakeNodeGrain(NodeInterfaceReport? report) : INodeGrain
{
    public Task<NodeInterfaceReport?> GetReport() => Task.FromResult(report);

    public Task<DesiredInterfaceSet> GetDesiredInterfaces() => throw new NotSupportedException();

    public Task Report(NodeInterfaceReport report) => throw new NotSupportedException();

    public Task Subscribe(INodeInterfacesObserver observer) => throw new NotSupportedException();

    public Task Unsubscribe(INodeInterfacesObserver observer) => throw new NotSupportedException();
}
