namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>Evaluates one identity-based policy the way IAM does for a principal with no other policies.</summary>
internal static class IamEvaluator
{
    public static IamDecision Evaluate(IamPolicy policy, IamRequest request)
    {
        var matching = policy.Statements.Where(statement => Applies(statement, request)).ToList();
        return matching.Any(statement => !statement.Allow) ? IamDecision.ExplicitDeny
            : matching.Count > 0 ? IamDecision.Allowed
            : IamDecision.ImplicitDeny;
    }

    private static bool Applies(IamStatement statement, IamRequest request) =>
        statement.Actions.Any(action => IamWildcard.Matches(action, request.Action, ignoreCase: true))
        && statement.Resources.Any(resource => IamWildcard.Matches(resource, request.Resource, ignoreCase: false))
        && statement.Conditions.All(condition => IamConditionOperators.Test(condition, request.Context.Get(condition.Key)));
}
