using Orleans.Runtime;

namespace AwsMultiEni.Silo.Security;

/// <summary>
/// Stamps every grain call this silo makes (its grains', reminders', its own services') with a <see cref="SiloCallProof"/>,
/// and takes any proof off calls to clients, whose observers must never see one.
/// </summary>
internal sealed class SiloCallStampFilter(SiloCallProof proof) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TargetId.IsClient())
        {
            RequestContext.Remove(SiloCallProof.RequestContextKey);
        }
        else
        {
            RequestContext.Set(SiloCallProof.RequestContextKey, proof.Stamp(context.TargetId, context.InterfaceName, context.MethodName));
        }

        return context.Invoke();
    }
}
