namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>Evaluates one policy the way IAM does for a principal with no other policies.</summary>
internal static class IamEvaluator
{
    public static IamDecision Evaluate(IamPolicy policy, IamRequest request) => Evaluate(policy, request, caller: null);

    /// <summary>
    /// A role's trust policy for <paramref name="caller"/> (a principal ARN): a statement applies to a caller it names,
    /// to any caller of an account whose root it names (<c>arn:aws:iam::ACCOUNT:root</c>), and to anyone for <c>"*"</c>.
    /// </summary>
    public static IamDecision EvaluateTrust(IamPolicy trust, IamRequest request, string caller) => Evaluate(trust, request, caller);

    private static IamDecision Evaluate(IamPolicy policy, IamRequest request, string? caller)
    {
        var matching = policy.Statements.Where(statement => Applies(statement, request) && (caller is null || Names(statement, caller))).ToList();
        return matching.Any(statement => !statement.Allow) ? IamDecision.ExplicitDeny
            : matching.Count > 0 ? IamDecision.Allowed
            : IamDecision.ImplicitDeny;
    }

    private static bool Applies(IamStatement statement, IamRequest request) =>
        statement.Actions.Any(action => IamWildcard.Matches(action, request.Action, ignoreCase: true))
        && statement.Resources.Any(resource => IamWildcard.Matches(resource, request.Resource, ignoreCase: false))
        && statement.Conditions.All(condition => IamConditionOperators.Test(condition, request.Context.Get(condition.Key)));

    private static bool Names(IamStatement statement, string caller) =>
        statement.Principals?.Any(principal => principal == "*" || principal == caller || principal == AccountRoot(caller)) == true;

    private static string? AccountRoot(string arn) =>
        arn.Split(':') is [var scheme, var partition, _, _, var account, ..] && scheme == "arn" ? $"arn:{partition}:iam::{account}:root" : null;
}
