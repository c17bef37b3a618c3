namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// Cancelled as soon as this silo starts to stop, gracefully or not. Grains pass it to the watch loops they start
/// and to their calls to EC2 and Kubernetes, so that nothing a grain started outlives its silo: a throttled call or a
/// watch does not keep a leaving silo's activation busy, the activation deactivates, and its work resumes on a
/// survivor at once.
/// </summary>
public sealed class SiloLifetime : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public SiloLifetime() => Stopping = _stopping.Token;

    public CancellationToken Stopping { get; }

    /// <summary>A token that ends with <paramref name="work"/> or with the silo, whichever comes first.</summary>
    public CancellationTokenSource Link(CancellationToken work) => CancellationTokenSource.CreateLinkedTokenSource(work, Stopping);

    /// <summary>Active is the first stage to stop; Orleans runs every stage's stop on a kill too, with a cancelled token.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloLifetime), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => _stopping.CancelAsync());

    public void Dispose() => _stopping.Dispose();
}
