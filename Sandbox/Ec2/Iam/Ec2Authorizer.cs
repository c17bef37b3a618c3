using System.Collections.Concurrent;
using System.Net;
using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;

namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>
/// IAM for the emulated account: a request signed with an access key bound to a policy passes only if that policy
/// allows every authorization the call needs; any other key is the account's unrestricted admin. Keys are bound at
/// start (<c>--iam-policy</c>) and by STS <c>AssumeRole</c>, to the assumed role's permission policy.
/// </summary>
internal sealed class Ec2Authorizer
{
    private readonly ConcurrentDictionary<string, (IamPolicy Policy, string Principal)> _keys;

    private Ec2Authorizer(IEnumerable<KeyValuePair<string, (IamPolicy, string)>> keys) => _keys = new(keys, StringComparer.Ordinal);

    /// <summary>
    /// Reads each access key's policy document now, so a bad document stops the emulator at start. A key's principal is
    /// the ARN <paramref name="principals"/> gives it (what trust policies name), else an IAM user named for the key.
    /// </summary>
    public static Ec2Authorizer Load(IReadOnlyDictionary<string, string> policyFiles, IReadOnlyDictionary<string, string> principals) =>
        new(policyFiles.Select(pair => KeyValuePair.Create(
            pair.Key,
            (IamPolicy.Parse(File.ReadAllText(pair.Value)), principals.GetValueOrDefault(pair.Key) ?? UserArn(pair.Key)))));

    /// <summary>Who signed with <paramref name="accessKeyId"/>: the account's root for an unbound (admin) key.</summary>
    public string PrincipalOf(string? accessKeyId) =>
        accessKeyId is not null && _keys.TryGetValue(accessKeyId, out var key) ? key.Principal : $"arn:aws:iam::{Ec2World.OwnerId}:root";

    /// <summary>Replaces the key's policy (keeping its principal), or binds an admin key to one as an IAM user.</summary>
    public void Attach(string accessKeyId, IamPolicy policy) =>
        _keys.AddOrUpdate(accessKeyId, key => (policy, UserArn(key)), (_, bound) => (policy, bound.Principal));

    /// <summary>Holds requests signed with <paramref name="accessKeyId"/> to <paramref name="policy"/> from now on.</summary>
    public void Bind(string accessKeyId, IamPolicy policy, string principal) => _keys[accessKeyId] = (policy, principal);

    /// <summary>Whether the key's identity-based policy allows <paramref name="check"/> (always, for an admin key).</summary>
    public bool Allows(string? accessKeyId, IamRequest check) => Decide(accessKeyId, check) == IamDecision.Allowed;

    /// <summary>Throws EC2's <c>UnauthorizedOperation</c> (403) for the first authorization the key's policy does not allow.</summary>
    public void Authorize(Ec2World world, Ec2QueryRequest request, string? accessKeyId)
    {
        if (accessKeyId is null || !_keys.ContainsKey(accessKeyId))
        {
            return;
        }

        foreach (var check in Ec2Authorizations.For(world, request))
        {
            Require(check, accessKeyId);
        }
    }

    /// <summary>One authorization of another service's call (<c>eks:DescribeCluster</c>), refused as EC2 refuses one.</summary>
    public void Authorize(IamRequest check, string? accessKeyId) => Require(check, accessKeyId);

    private void Require(IamRequest check, string? accessKeyId)
    {
        var decision = Decide(accessKeyId, check);
        if (decision != IamDecision.Allowed)
        {
            var why = decision == IamDecision.ExplicitDeny
                ? "with an explicit deny in an identity-based policy"
                : $"because no identity-based policy allows the {check.Action} action";
            throw new Ec2ApiError(
                "UnauthorizedOperation",
                $"You are not authorized to perform this operation. User: {PrincipalOf(accessKeyId)} is not authorized to perform: {check.Action} on resource: {check.Resource} {why}",
                HttpStatusCode.Forbidden) { DeniedByPolicy = true };
        }
    }

    private static string UserArn(string accessKeyId) => $"arn:aws:iam::{Ec2World.OwnerId}:user/{accessKeyId}";

    private IamDecision Decide(string? accessKeyId, IamRequest check) =>
        accessKeyId is not null && _keys.TryGetValue(accessKeyId, out var key) ? IamEvaluator.Evaluate(key.Policy, check) : IamDecision.Allowed;
}
