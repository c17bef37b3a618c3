using System.Collections.Concurrent;

namespace AwsMultiEni.Tests.Engine;

/// <summary>Fires once, across every silo; and counts every ENI any silo's gateway got back from CreateNetworkInterface.</summary>
internal sealed class CrashSignal : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    /// <summary>The name of the silo that crashed.</summary>
    public Task<string> Crashed => _crashed.Task;

    /// <summary>Completes only when the test ends, failing the call it held.</summary>
    public Task Never => _never.Task;

    /// <summary>Distinct ENI IDs CreateNetworkInterface answered (a repeated ClientToken answers the same ID).</summary>
    public IReadOnlyCollection<string> CreatedEniIds => [.. _created.Keys.Order(StringComparer.Ordinal)];

    public bool TryFire(string silo) => _crashed.TrySetResult(silo);

    public string RecordCreated(string eniId)
    {
        _created[eniId] = true;
        return eniId;
    }

    /// <summary>Ends the hung call, once its silo is gone for good.</summary>
    public ValueTask DisposeAsync()
    {
        _never.TrySetException(new OperationCanceledException("The simulated crash is over."));
        return ValueTask.CompletedTask;
    }
}
