using System.Collections.Concurrent;
using System.Reflection;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Wraps an <see cref="IEc2Gateway"/> and keeps every call that the endpoint answered without error, with its
/// arguments: evidence of what was asked of an endpoint that does not show it back (moto ignores DeleteOnTermination).
/// </summary>
internal class GatewayCallRecorder : DispatchProxy
{
    private readonly ConcurrentQueue<(string Method, object?[] Args, Task Result)> _calls = new();
    private IEc2Gateway _inner = null!;

    public static (IEc2Gateway Gateway, GatewayCallRecorder Recorder) Wrap(IEc2Gateway inner)
    {
        var gateway = Create<IEc2Gateway, GatewayCallRecorder>();
        var recorder = (GatewayCallRecorder)(object)gateway;
        recorder._inner = inner;
        return (gateway, recorder);
    }

    /// <summary>The arguments of every call of <paramref name="method"/> (the member's name) that succeeded.</summary>
    public IReadOnlyList<object?[]> Succeeded(string method) =>
        [.. _calls.Where(c => c.Method == method && c.Result.IsCompletedSuccessfully).Select(c => c.Args)];

    /// <summary>What every call of <paramref name="method"/> that succeeded returned (awaiting only tasks already done).</summary>
    public async Task<IReadOnlyList<T>> ReturnedAsync<T>(string method)
    {
        var returned = new List<T>();
        foreach (var call in _calls.Where(c => c.Method == method && c.Result.IsCompletedSuccessfully))
        {
            returned.Add(await (Task<T>)call.Result);
        }

        return returned;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var result = targetMethod.Invoke(_inner, args);
        if (result is Task task)
        {
            _calls.Enqueue((targetMethod.Name, args ?? [], task));
        }

        return result;
    }
}
