namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>IAM's three outcomes: an explicit deny beats any allow; without an allow the answer is still no.</summary>
internal enum IamDecision
{
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}
