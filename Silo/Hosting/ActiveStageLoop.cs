namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// Background work that runs while the silo is Active: started when the silo reaches its Active stage, cancelled and
/// awaited when that stage stops, so no loop outlives its silo (a graceful stop and a kill alike).
/// </summary>
internal abstract class ActiveStageLoop : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            GetType().Name,
            ServiceLifecycleStage.Active,
            _ =>
            {
                _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
                return Task.CompletedTask;
            },
            async _ =>
            {
                await _stopping.CancelAsync();
                await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            });

    public void Dispose() => _stopping.Dispose();

    protected abstract Task RunAsync(CancellationToken cancellationToken);
}
