using Orleans.Runtime;

namespace AwsMultiEni.Silo.Security;

/// <summary>
/// Whether a call comes from outside the silo set. Orleans names the sender of every call (the message's sending
/// grain, <see cref="IGrainCallContext.SourceId"/>): a grain, a system target, the silo's own hosted client
/// (<c>sys.client/hosted-{silo}</c>, used by silo services), or an external client (<c>sys.client/{guid}</c>, or no
/// sender at all). The gateway does not check that name against the connection it arrived on (Orleans 10.4), so this
/// tells the fleet's own clients apart from the silos, but a modified client that forges a grain's name passes as one:
/// a known gap, see docs/security.md.
/// </summary>
internal static class CallerOrigin
{
    private const string HostedClientPrefix = "hosted-";

    public static bool IsExternal(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.SourceId is not { } source
            || source.IsClient() && !source.Key.ToString().StartsWith(HostedClientPrefix, StringComparison.Ordinal);
    }
}
