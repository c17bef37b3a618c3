namespace AwsMultiEni.Tests.Security;

/// <summary>One <see cref="SecurityWorld"/> for a test class: its tests change only the token the client sends.</summary>
public sealed class SecurityWorldFixture : IAsyncLifetime
{
    private SecurityWorld? _world;

    internal SecurityWorld World => _world ?? throw new InvalidOperationException("The world has not started.");

    public async ValueTask InitializeAsync() => _world = await SecurityWorld.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
