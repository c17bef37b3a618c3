namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// The parts a test world started, stopped in reverse order. Every part is stopped even when stopping another throws
/// (the errors are thrown together at the end), and a world whose start fails halfway stops what it had started.
/// Until all its parts stopped cleanly, the world counts as running in <see cref="LiveResources.Global"/>.
/// </summary>
public sealed class WorldParts : IAsyncDisposable
{
    private readonly Stack<(string Name, Func<ValueTask> Stop)> _parts = new();
    private readonly string _world;
    private readonly LiveResource _running;

    private WorldParts(string world)
    {
        _world = world;
        _running = LiveResources.Global.Track(world);
    }

    /// <summary>Runs <paramref name="start"/>; when it throws, stops what it had added and rethrows.</summary>
    public static async Task<T> StartAsync<T>(string world, Func<WorldParts, Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var parts = new WorldParts(world);
        try
        {
            return await start(parts);
        }
        catch (Exception failure)
        {
            try
            {
                await parts.DisposeAsync();
            }
            catch (Exception stopping)
            {
                throw new AggregateException($"{world} failed to start, and stopping what it had started failed too.", failure, stopping);
            }

            throw;
        }
    }

    public T Add<T>(T part, string name)
        where T : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(part);
        _parts.Push((name, part.DisposeAsync));
        return part;
    }

    public T Add<T>(T part, string name, Func<T, ValueTask> stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        _parts.Push((name, () => stop(part)));
        return part;
    }

    public T AddDisposable<T>(T part, string name)
        where T : IDisposable
    {
        ArgumentNullException.ThrowIfNull(part);
        _parts.Push((name, () =>
        {
            part.Dispose();
            return ValueTask.CompletedTask;
        }));
        return part;
    }

    public async ValueTask DisposeAsync()
    {
        var errors = new List<Exception>();
        while (_parts.TryPop(out var part))
        {
            try
            {
                await part.Stop();
            }
            catch (Exception ex)
            {
                errors.Add(new InvalidOperationException($"{_world}: stopping {part.Name} failed.", ex));
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException($"{_world} did not stop cleanly.", errors);
        }

        _running.Dispose();
    }
}
