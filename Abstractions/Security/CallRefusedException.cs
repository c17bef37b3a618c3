namespace AwsMultiEni.Abstractions.Security;

/// <summary>
/// The silo refused a grain call because the caller's role may not make it: no token where one is needed, a token the
/// cluster did not accept, or a role that does not cover the grain or method. Names the role, grain and method, never
/// the token.
/// </summary>
[GenerateSerializer]
public sealed class CallRefusedException : InvalidOperationException
{
    public CallRefusedException(string role, string grain, string method, string reason)
        : base($"Call refused: {method} on grain '{grain}' is not allowed for role '{role}': {reason}")
    {
        Role = role;
        Grain = grain;
        Method = method;
    }

    public CallRefusedException()
    {
    }

    public CallRefusedException(string message)
        : base(message)
    {
    }

    public CallRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The caller's role as the silo decided it: <c>admin</c>, <c>dashboard</c>, <c>agent</c> or <c>none</c>.</summary>
    [Id(0)]
    public string Role { get; init; } = string.Empty;

    /// <summary>The grain called, as its id (type and key).</summary>
    [Id(1)]
    public string Grain { get; init; } = string.Empty;

    /// <summary>The method called, as <c>Interface.Method</c>.</summary>
    [Id(2)]
    public string Method { get; init; } = string.Empty;
}
