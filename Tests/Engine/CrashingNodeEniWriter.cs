using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Kubernetes;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// One silo's NodeENI writer, dying at <paramref name="point"/> around the first status write that reports the
/// NodeENI Ready: the last write of a rollout, after which no attachment changes to trigger another.
/// </summary>
internal sealed class CrashingNodeEniWriter(INodeEniWriter inner, string silo, CrashPoint point) : INodeEniWriter
{
    public async Task<NodeEni?> UpdateStatusAsync(string name, Func<NodeEni, NodeEniStatus?> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var current = await inner.GetAsync(name, cancellationToken);
        var reportsReady = current is not null && compute(current)?.Conditions?.Any(c => c.Type == NodeEniCondition.Ready && c.Status == "True") == true;
        return reportsReady
            ? await point.AroundAsync(silo, CrashPoint.StatusWrite, () => inner.UpdateStatusAsync(name, compute, cancellationToken), cancellationToken)
            : await inner.UpdateStatusAsync(name, compute, cancellationToken);
    }

    public Task<NodeEni?> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

    public Task<NodeEni> ApplySpecAsync(string name, NodeEniSpec spec, CancellationToken cancellationToken) => inner.ApplySpecAsync(name, spec, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

    public Task<NodeEni?> AddFinalizerAsync(string name, CancellationToken cancellationToken) => inner.AddFinalizerAsync(name, cancellationToken);

    public Task<NodeEni?> RemoveFinalizerAsync(string name, CancellationToken cancellationToken) => inner.RemoveFinalizerAsync(name, cancellationToken);
}
