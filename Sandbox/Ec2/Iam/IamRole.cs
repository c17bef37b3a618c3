namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>A role the emulated STS lets callers assume: who may (its trust policy) and what its sessions may do.</summary>
/// <param name="TrustPolicyFile">The role's trust policy document (<c>Principal</c>, <c>sts:ExternalId</c> conditions, …).</param>
/// <param name="PermissionPolicyFile">The identity-based policy EC2 evaluates for requests signed with the role's temporary keys.</param>
public sealed record IamRole(string TrustPolicyFile, string PermissionPolicyFile);
