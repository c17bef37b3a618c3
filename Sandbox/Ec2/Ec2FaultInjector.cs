using System.Net;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>
/// Answers a share of calls with an error instead of doing them, before any change to the world, as EC2
/// does when it throttles or fails a request. The rules can be changed while the emulator runs.
/// </summary>
public sealed class Ec2FaultInjector(IReadOnlyList<Ec2FaultRule> rules, int? seed)
{
    private static readonly Dictionary<string, (HttpStatusCode Status, string Message)> Codes = new(StringComparer.Ordinal)
    {
        ["RequestLimitExceeded"] = (HttpStatusCode.ServiceUnavailable, "Request limit exceeded."),
        ["InternalError"] = (HttpStatusCode.InternalServerError, "An internal error has occurred."),
        ["Unavailable"] = (HttpStatusCode.ServiceUnavailable, "The service is unavailable. Please try again shortly."),
        ["UnauthorizedOperation"] = (HttpStatusCode.Forbidden, "You are not authorized to perform this operation."),
        ["InvalidParameterValue"] = (HttpStatusCode.BadRequest, "A parameter of the request is not valid."),
        ["InvalidNetworkInterface.InUse"] = (HttpStatusCode.BadRequest, "The network interface is currently in use."),
    };

    private readonly Lock _sync = new();
    private readonly Random _dice = seed is { } value ? new Random(value) : new Random();
    private IReadOnlyList<Ec2FaultRule> _rules = Validate(rules);

    public static IReadOnlyCollection<string> KnownCodes => Codes.Keys;

    public IReadOnlyList<Ec2FaultRule> Rules
    {
        get => _rules;
        set => _rules = Validate(value);
    }

    /// <summary>An error to answer instead of doing the call (<paramref name="afterEffect"/> false) or after doing it (true).</summary>
    internal Ec2ApiError? Roll(string action, bool afterEffect)
    {
        lock (_sync)
        {
            foreach (var rule in _rules.Where(rule => (rule.Action is null || rule.Action == action) && rule.AfterEffect == afterEffect))
            {
                if (_dice.NextDouble() < rule.Rate)
                {
                    var (status, message) = Codes[rule.Code];
                    return new Ec2ApiError(rule.Code, message, status);
                }
            }

            return null;
        }
    }

    private static IReadOnlyList<Ec2FaultRule> Validate(IReadOnlyList<Ec2FaultRule> rules)
    {
        var bad = rules.FirstOrDefault(rule => !Codes.ContainsKey(rule.Code) || rule.Rate is < 0 or > 1);
        return bad is null
            ? rules
            : throw new ArgumentException($"Fault '{bad.Code}' at rate {bad.Rate} is not allowed: codes are {string.Join(", ", Codes.Keys)}, rates 0..1.", nameof(rules));
    }
}
