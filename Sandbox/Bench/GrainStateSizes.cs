using Orleans.Providers;
using Orleans.Storage;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// The largest grain state the benchmark's silos wrote, serialized as the silo's grain storage serializer makes it
/// (what a DynamoDB item holds, and so what its 400 KB limit applies to), and the state it was.
/// </summary>
internal sealed class GrainStateSizes
{
    private readonly Lock _sync = new();

    public int LargestBytes { get; private set; }

    public string? LargestState { get; private set; }

    public void Saw(string stateName, GrainId grainId, int bytes)
    {
        lock (_sync)
        {
            if (bytes > LargestBytes)
            {
                LargestBytes = bytes;
                LargestState = $"{stateName} of {grainId.Type}";
            }
        }
    }
}

/// <summary>The silo's default grain storage, measured on the way through.</summary>
internal sealed class MeasuredGrainStorage(IGrainStorage inner, IGrainStorageSerializer serializer, GrainStateSizes sizes)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        sizes.Saw(stateName, grainId, serializer.Serialize(grainState.State).ToMemory().Length);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>Wraps the default storage registered so far in <paramref name="services"/>.</summary>
    public static void Wrap(IServiceCollection services, GrainStateSizes sizes)
    {
        var original = services.Single(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        var create = original.KeyedImplementationFactory ?? throw new InvalidOperationException("The default grain storage is not registered by a factory.");
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(
            original.ServiceKey,
            (provider, key) => new MeasuredGrainStorage((IGrainStorage)create(provider, key), provider.GetRequiredService<IGrainStorageSerializer>(), sizes));
    }
}
