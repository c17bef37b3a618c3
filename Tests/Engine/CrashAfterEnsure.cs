using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Hosting;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// One silo's outgoing calls, dying right after the first <c>Ensure</c> a NodeENI makes returns: the attachment has
/// heard of the node, and whatever the NodeENI would write next is never written.
/// </summary>
internal sealed class CrashAfterEnsure(CrashSignal signal, ILocalSiloDetails silo, SiloLifetime lifetime) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Invoke();
        if (context.InterfaceMethod?.Name == nameof(IAttachmentLifecycle.Ensure))
        {
            await signal.HangOnceAsync(silo.Name, lifetime.Stopping);
        }
    }
}
