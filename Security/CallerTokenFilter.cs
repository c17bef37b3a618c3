using Orleans;
using Orleans.Runtime;

namespace AwsMultiEni.Security;

/// <summary>Sends the caller's token with every grain call it makes, in RequestContext key <see cref="CallerToken.RequestContextKey"/>.</summary>
internal sealed class CallerTokenFilter(TokenFile file) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (file.Read() is { } token)
        {
            RequestContext.Set(CallerToken.RequestContextKey, token);
        }
        else
        {
            RequestContext.Remove(CallerToken.RequestContextKey);
        }

        return context.Invoke();
    }
}
