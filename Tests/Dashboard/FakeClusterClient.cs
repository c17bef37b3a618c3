using Orleans.Runtime;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>
/// A cluster client that hands out test doubles of the fleet's grain contracts by string key. A key with no
/// double fails the way Orleans fails for an interface with no implementation, so the dashboard's
/// degraded path is exercised with the real exception type.
/// </summary>
internal sealed class FakeClusterClient : IClusterClient
{
    private readonly Dictionary<(Type, string), IGrain> _grains = [];
    private readonly Lock _sync = new();

    public FakeClusterClient Add<TGrain>(string key, TGrain grain)
        where TGrain : IGrainWithStringKey
    {
        lock (_sync)
        {
            _grains[(typeof(TGrain), key)] = grain;
        }

        return this;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        lock (_sync)
        {
            return _grains.TryGetValue((typeof(TGrainInterface), primaryKey), out var grain)
                ? (TGrainInterface)grain
                : throw new ArgumentException($"Could not find an implementation for interface {typeof(TGrainInterface)}");
        }
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => throw Unused();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => throw Unused();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => throw Unused();

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => throw Unused();

    /// <summary>In one process an observer needs no reference: the doubles call it directly.</summary>
    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => (TGrainObserverInterface)obj;

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver
    {
    }

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw Unused();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw Unused();

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw Unused();

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw Unused();

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw Unused();

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => throw Unused();

    public IAddressable GetGrain(GrainId grainId) => throw Unused();

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw Unused();

    public IAddressable GetGrain(Type grainInterfaceType, IdSpan grainKey) => throw Unused();

    public IAddressable GetGrain(Type grainInterfaceType, IdSpan grainKey, string? grainClassNamePrefix) => throw Unused();

    public IServiceProvider ServiceProvider => throw Unused();

    private static NotSupportedException Unused() => new("The dashboard reads grains by string key only.");
}
