namespace AwsMultiEni.Tests.Storage;

/// <summary>A counter kept in the default grain storage, reporting which silo serves it.</summary>
public interface IStorageCounterGrain : IGrainWithStringKey
{
    Task<CounterReading> Increment();

    Task<CounterReading> Read();
}

[GenerateSerializer]
public sealed record CounterReading([property: Id(0)] int Count, [property: Id(1)] string Silo);

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }
}

public sealed class StorageCounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, IStorageCounterGrain
{
    public async Task<CounterReading> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return await Read();
    }

    public Task<CounterReading> Read() => Task.FromResult(new CounterReading(counter.State.Count, RuntimeIdentity));
}
