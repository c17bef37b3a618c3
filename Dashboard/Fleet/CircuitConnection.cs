using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AwsMultiEni.Dashboard.Fleet;

/// <summary>
/// Whether this circuit's browser is connected. A browser that went away without saying so (closed, crashed, asleep,
/// off the network) leaves its circuit held for reconnection for minutes; its pages must not query the fleet index on
/// every push meanwhile, or each such tab would cost what an open one does. One per circuit (scoped).
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    /// <summary>True until the circuit's connection drops; also in a prerender, which has no circuit.</summary>
    public bool IsUp { get; private set; } = true;

    /// <summary>The browser is back: a page that skipped pushes meanwhile reads again.</summary>
    public event Action? Reconnected;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsUp = false;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var wasDown = !IsUp;
        IsUp = true;
        if (wasDown)
        {
            Reconnected?.Invoke();
        }

        return Task.CompletedTask;
    }
}
