using System.Threading.Channels;
using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Agent.SiloLink;

/// <summary>
/// Where desired sets wait for the apply loop, from pushes (this is the grain observer) and from reads.
/// Only the latest set matters, so a burst of changes during an apply becomes one apply after it.
/// </summary>
public sealed class DesiredSetMailbox(NodeLinkStatus status) : INodeInterfacesObserver
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DesiredInterfaceSet? _latest;

    public Task DesiredInterfacesChanged(DesiredInterfaceSet desired)
    {
        status.Pushed();
        Offer(desired);
        return Task.CompletedTask;
    }

    public void Offer(DesiredInterfaceSet desired)
    {
        Volatile.Write(ref _latest, desired);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Asks for the latest set to be applied again, as when a wanted interface appeared.</summary>
    public void Again() => _wake.Writer.TryWrite(true);

    /// <summary>The latest set once something new was offered (or <see cref="Again"/> was asked) since the last take.</summary>
    public async Task<DesiredInterfaceSet> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _wake.Reader.ReadAsync(cancellationToken);
            if (Volatile.Read(ref _latest) is { } desired)
            {
                return desired;
            }
        }
    }
}
