namespace AwsMultiEni.Tests.Storage;

/// <summary>What a fleet grain asks of DynamoDB: its state written, read back and cleared, and reminders set and dropped.</summary>
public interface IPolicyWorkloadGrain : IGrainWithStringKey
{
    Task<int> WriteReadAndClear(int value);

    Task Remind(string name);

    Task StopReminding(string name);
}

[GenerateSerializer]
public sealed class PolicyWorkloadState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class PolicyWorkloadGrain([PersistentState("workload")] IPersistentState<PolicyWorkloadState> state) : Grain, IPolicyWorkloadGrain, IRemindable
{
    public async Task<int> WriteReadAndClear(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        await state.ReadStateAsync();
        var read = state.State.Value;
        await state.ClearStateAsync();
        return read;
    }

    // Due long after the test ends: only the reminder table is exercised, never a tick.
    public Task Remind(string name) => this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task StopReminding(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"Reminder {name} is not registered.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
