namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>The condition operators the emulator evaluates, with IAM's meaning for a key the request lacks.</summary>
internal static class IamConditionOperators
{
    public const string StringEquals = "StringEquals";
    public const string StringLike = "StringLike";
    public const string ForAllValuesStringEquals = "ForAllValues:StringEquals";
    public const string ForAnyValueStringEquals = "ForAnyValue:StringEquals";
    public const string Null = "Null";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        StringEquals, StringLike, ForAllValuesStringEquals, ForAnyValueStringEquals, Null,
    };

    /// <summary>
    /// Whether the request's values of the condition's key (null when the key is absent) satisfy it. An absent key
    /// fails StringEquals, StringLike and ForAnyValue, and passes ForAllValues (nothing to contradict it), as in IAM.
    /// </summary>
    public static bool Test(IamCondition condition, IReadOnlyList<string>? actual) => condition.Operator switch
    {
        StringEquals => actual is not null && actual.Any(value => condition.Values.Contains(value, StringComparer.Ordinal)),
        StringLike => actual is not null && actual.Any(value => condition.Values.Any(pattern => IamWildcard.Matches(pattern, value, ignoreCase: false))),
        ForAllValuesStringEquals => actual is null || actual.All(value => condition.Values.Contains(value, StringComparer.Ordinal)),
        ForAnyValueStringEquals => actual is not null && actual.Any(value => condition.Values.Contains(value, StringComparer.Ordinal)),
        Null => condition.Values.Any(expected => string.Equals(expected, "true", StringComparison.OrdinalIgnoreCase) == (actual is null)),
        _ => false,
    };
}
