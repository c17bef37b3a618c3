using AwsMultiEni.Sandbox.Ec2;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>
/// An in-process EC2 emulator shared by one test class: short attach/detach delays (still asynchronous),
/// no throttling, so the contract runs fast. Tests that need throttling or faults start their own.
/// </summary>
public sealed class Ec2EmulatorFixture : IAsyncLifetime
{
    public static Ec2EmulatorOptions FastOptions { get; } = new()
    {
        Throttling = false,
        AttachDelay = TimeSpan.FromMilliseconds(200),
        DetachDelay = TimeSpan.FromMilliseconds(200),
    };

    public Ec2Emulator Emulator { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Emulator = await Ec2Emulator.StartAsync(FastOptions);

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => Emulator?.DisposeAsync() ?? ValueTask.CompletedTask;
}
