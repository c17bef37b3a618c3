namespace AwsMultiEni.Tests.Engine;

/// <summary>Whether the simulated crash comes before the call reaches its peer or after it took effect there.</summary>
public enum CrashMoment
{
    Before,
    After,
}

/// <summary>
/// One place in the lifecycle where a silo dies: just before or just after the first call of one action
/// (an EC2 action, or the NodeENI status write). There the call never answers, as if its silo died with the
/// side effect not yet made (before) or made but not yet written down by the grain (after).
/// </summary>
internal sealed class CrashPoint(CrashMoment moment, string action, CrashSignal signal)
{
    public const string Create = "CreateNetworkInterface";
    public const string Attach = "AttachNetworkInterface";
    public const string SetDeleteOnTermination = "ModifyNetworkInterfaceAttribute";
    public const string Detach = "DetachNetworkInterface";
    public const string Delete = "DeleteNetworkInterface";
    public const string StatusWrite = "UpdateNodeEniStatus";
    public const string AssignAddresses = "AssignPrivateIpAddresses";
    public const string UnassignAddresses = "UnassignPrivateIpAddresses";

    /// <summary>
    /// Makes <paramref name="call"/>, first hanging before or after it when it is this point's action and the signal
    /// has not fired yet (see <see cref="CrashSignal.HangOnceAsync"/>).
    /// </summary>
    public async Task<T> AroundAsync<T>(string silo, string called, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var here = called == action;
        if (here && moment == CrashMoment.Before)
        {
            await signal.HangOnceAsync(silo, cancellationToken);
        }

        var result = await call();
        if (here && moment == CrashMoment.After)
        {
            await signal.HangOnceAsync(silo, cancellationToken);
        }

        return result;
    }

    public Task AroundAsync(string silo, string called, Func<Task> call, CancellationToken cancellationToken) =>
        AroundAsync(
            silo,
            called,
            async () =>
            {
                await call();
                return true;
            },
            cancellationToken);
}
