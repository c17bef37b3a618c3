using AwsMultiEni.Abstractions.ReadModels;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace AwsMultiEni.Dashboard.Fleet;

/// <summary>
/// The fleet overview for every circuit of this dashboard process: one observer subscribed to the fleet index, whose
/// pushes are handed to the open pages as they come. Every <see cref="FallbackPeriod"/> it renews the subscription
/// and reads the overview and the silo list once, so a lost push or a restarted index costs at most that long, and
/// ten open browsers cost the silos what one does.
/// </summary>
public sealed partial class FleetFeed : IFleetObserver, IDisposable
{
    public static readonly TimeSpan FallbackPeriod = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopped = new();

    /// <summary>Taken once: the loop may still wait on it after <see cref="Dispose"/> cancelled and disposed its source.</summary>
    private readonly CancellationToken _stopping;
    private readonly Lock _sync = new();
    private Task? _loop;
    private IFleetObserver? _reference;
    private FleetOverview? _current;

    private readonly IClusterClient _grains;
    private readonly ILogger<FleetFeed> _logger;

    public FleetFeed(IClusterClient grains, ILogger<FleetFeed> logger)
    {
        _grains = grains;
        _logger = logger;
        _stopping = _stopped.Token;
    }

    /// <summary>
    /// A newer overview arrived: a new version, or the same one read again later (pages compare versions before they
    /// read rows again), or the silo list changed. Raised outside any circuit's context.
    /// </summary>
    public event Action<FleetOverview>? Changed;

    /// <summary>Every silo of the set and its status, as last read; empty before the first read.</summary>
    public IReadOnlyList<(string Address, string Status)> Silos { get; private set; } = [];

    /// <summary>Why the silo list could not be read last time, or null.</summary>
    public string? SilosProblem { get; private set; }

    /// <summary>The latest overview, read at once when none has arrived yet; null and what failed when it cannot be read.</summary>
    public async Task<(FleetOverview? Overview, string? Problem)> CurrentAsync()
    {
        Start();
        if (SilosProblem is null && Silos.Count == 0)
        {
            await ReadSilosAsync();
        }

        if (_current is { } current)
        {
            return (current, null);
        }

        var (overview, problem) = await GrainCall.TryAsync(() => Index.GetOverview(), "read the fleet overview");
        if (overview is not null)
        {
            Receive(overview);
        }

        return (_current, problem);
    }

    public Task FleetChanged(FleetOverview overview)
    {
        Receive(overview);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopped.Cancel();
        _stopped.Dispose();
    }

    private IFleetIndexGrain Index => _grains.GetGrain<IFleetIndexGrain>(IFleetIndexGrain.Key);

    private void Start()
    {
        lock (_sync)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(FallbackPeriod);
        do
        {
            try
            {
                _reference ??= _grains.CreateObjectReference<IFleetObserver>(this);
                await Index.Subscribe(_reference);
                Receive(await Index.GetOverview());
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogFeedFailed(_logger, ex);
            }

            await ReadSilosAsync();
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads the silo list; a change in it is shown at once, as a change of the overview is.</summary>
    private async Task ReadSilosAsync()
    {
        var (hosts, problem) = await GrainCall.TryAsync(() => _grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false), "reach the silo set");
        IReadOnlyList<(string, string)> silos = hosts is null
            ? Silos
            : [.. hosts.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal).Select(h => (h.Key.ToString(), h.Value.ToString()))];
        var changed = problem != SilosProblem || !silos.SequenceEqual(Silos);
        (Silos, SilosProblem) = (silos, problem);
        if (changed && _current is { } current)
        {
            Changed?.Invoke(current);
        }
    }

    /// <summary>Keeps the overview unless an older one arrives late (a push behind the periodic read, or from an index since restarted).</summary>
    private void Receive(FleetOverview overview)
    {
        lock (_sync)
        {
            if (_current is { } current && !overview.IsNewerThan(current))
            {
                return;
            }

            _current = overview;
        }

        Changed?.Invoke(overview);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Cannot subscribe to the fleet index; pages refresh from the periodic read")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception);
}
