using System.Collections.Concurrent;
using System.Diagnostics;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>
/// One request the emulator received: when it arrived (since start), which action, its outcome (<c>OK</c> or an error
/// code), the access key that signed it, for a CreateNetworkInterface that took effect, the ENI it made (also when an
/// injected fault lost the answer), and when the key's IAM policy refused the call, IAM's message (<see cref="Denial"/>;
/// an injected <c>UnauthorizedOperation</c> has none).
/// </summary>
public sealed record Ec2CallRecord(TimeSpan At, string Action, string Outcome, string? AccessKeyId = null, string? NetworkInterfaceId = null, string? Denial = null);

/// <summary>Every request the emulator answered, for tests and benchmarks that assert on what really reached EC2.</summary>
public sealed class Ec2CallLog
{
    public const string Ok = "OK";

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<Ec2CallRecord> _records = new();

    public IReadOnlyList<Ec2CallRecord> Records => [.. _records];

    /// <summary>The time since start, to stamp a request on arrival.</summary>
    public TimeSpan Now => Stopwatch.GetElapsedTime(_started);

    public void Record(Ec2CallRecord record) => _records.Enqueue(record);

    /// <summary>Requests per action, every outcome included.</summary>
    public IReadOnlyDictionary<string, int> CountByAction() =>
        _records.GroupBy(record => record.Action, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    public int Count(string action, string? outcome = null) =>
        _records.Count(record => record.Action == action && (outcome is null || record.Outcome == outcome));

    /// <summary>
    /// Every ENI a CreateNetworkInterface signed with <paramref name="accessKeyId"/> (any key when null) made or answered
    /// with, once each (a retry with the same ClientToken answers the ENI it created the first time): the ENIs that
    /// caller ever created, whatever was deleted since.
    /// </summary>
    public IReadOnlyList<string> CreatedNetworkInterfaceIds(string? accessKeyId = null) =>
    [
        .. _records
            .Where(record => record.NetworkInterfaceId is not null && (accessKeyId is null || record.AccessKeyId == accessKeyId))
            .Select(record => record.NetworkInterfaceId!)
            .Distinct(StringComparer.Ordinal),
    ];

    /// <summary>IAM's message for every call the signing key's policy refused, in arrival order.</summary>
    public IReadOnlyList<string> Denials() => [.. _records.Where(record => record.Denial is not null).Select(record => record.Denial!)];

    public void Clear() => _records.Clear();
}
