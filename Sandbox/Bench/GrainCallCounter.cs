using System.Collections.Concurrent;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>Counts the grain calls the silos in this process receive, by interface and method (<c>IFleetIndexGrain.Query</c>).</summary>
internal sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _calls.AddOrUpdate($"{context.InterfaceMethod.DeclaringType?.Name}.{context.InterfaceMethod.Name}", 1, (_, n) => n + 1);
        await context.Invoke();
    }

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_calls, StringComparer.Ordinal);

    /// <summary>The calls made since <paramref name="before"/>, by method, leaving out the methods not called.</summary>
    public IReadOnlyDictionary<string, int> Since(IReadOnlyDictionary<string, int> before) => Counts.Since(before, Snapshot());
}
