using System.Net;
using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;

namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>
/// IAM for the emulated account: a request signed with an access key bound to a policy passes only if that policy
/// allows every authorization the call needs; any other key is the account's unrestricted admin.
/// </summary>
internal sealed class Ec2Authorizer(IReadOnlyDictionary<string, IamPolicy> policies)
{
    /// <summary>Reads each access key's policy document now, so a bad document stops the emulator at start.</summary>
    public static Ec2Authorizer Load(IReadOnlyDictionary<string, string> policyFiles) =>
        new(policyFiles.ToDictionary(pair => pair.Key, pair => IamPolicy.Parse(File.ReadAllText(pair.Value)), StringComparer.Ordinal));

    /// <summary>Throws EC2's <c>UnauthorizedOperation</c> (403) for the first authorization the key's policy does not allow.</summary>
    public void Authorize(Ec2World world, Ec2QueryRequest request, string? accessKeyId)
    {
        if (accessKeyId is null || !policies.TryGetValue(accessKeyId, out var policy))
        {
            return;
        }

        foreach (var check in Ec2Authorizations.For(world, request))
        {
            var decision = IamEvaluator.Evaluate(policy, check);
            if (decision != IamDecision.Allowed)
            {
                var why = decision == IamDecision.ExplicitDeny
                    ? "with an explicit deny in an identity-based policy"
                    : $"because no identity-based policy allows the {check.Action} action";
                throw new Ec2ApiError(
                    "UnauthorizedOperation",
                    $"You are not authorized to perform this operation. User: arn:aws:iam::{Ec2World.OwnerId}:user/{accessKeyId} is not authorized to perform: {check.Action} on resource: {check.Resource} {why}",
                    HttpStatusCode.Forbidden) { DeniedByPolicy = true };
            }
        }
    }
}
