using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Ec2.Iam;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// The multi-account IAM documents in <c>deploy/iam</c>: the member role grants in its account exactly the EC2 and EKS
/// part of the silo's policy (which <c>SiloPolicyTests</c> and <c>EksEndpointCheckTests</c> prove against the
/// IAM-enforcing emulator), the silo's policy lets it assume member roles named <c>awsmultieni-*</c> and nothing else,
/// and the member role trusts the silo's role when it presents the external ID.
/// </summary>
public sealed class MemberRolePolicyTests
{
    private const string SiloRole = "arn:aws:iam::111122223333:role/awsmultieni-silo";

    [Fact]
    public void The_member_role_policy_is_exactly_the_EC2_and_EKS_part_of_the_silo_policy()
    {
        var silo = Statements("silo-policy.json").Where(s => Actions(s).All(a => a.StartsWith("ec2:", StringComparison.Ordinal) || a.StartsWith("eks:", StringComparison.Ordinal)));
        var member = Statements("member-role-policy.json");

        Assert.Equal(silo.Select(s => s.ToJsonString()), member.Select(s => s.ToJsonString()));
    }

    [Theory]
    [InlineData("arn:aws:iam::444455556666:role/awsmultieni-member", true)]
    [InlineData("arn:aws:iam::111122223333:role/awsmultieni-team-a", true)]
    [InlineData("arn:aws:iam::444455556666:role/admin", false)]
    [InlineData("arn:aws:iam::444455556666:user/awsmultieni-member", false)]
    public void The_silo_policy_lets_the_silo_assume_only_roles_named_awsmultieni(string role, bool allowed)
    {
        var policy = IamPolicy.Parse(RepositoryFiles.Read("deploy/iam/silo-policy.json"));

        var decision = IamEvaluator.Evaluate(policy, new IamRequest("sts:AssumeRole", role, new IamContext()));

        Assert.Equal(allowed ? IamDecision.Allowed : IamDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData(SiloRole, "REPLACE-WITH-YOUR-EXTERNAL-ID", true)]
    [InlineData(SiloRole, "another-fleets-id", false)]
    [InlineData(SiloRole, null, false)]
    [InlineData("arn:aws:iam::111122223333:role/someone-else", "REPLACE-WITH-YOUR-EXTERNAL-ID", false)]
    public void The_member_role_trusts_only_the_silo_role_and_only_with_the_external_id(string caller, string? externalId, bool allowed)
    {
        var trust = IamPolicy.ParseTrust(RepositoryFiles.Read("deploy/iam/member-role-trust.json"));
        var context = new IamContext();
        if (externalId is not null)
        {
            context.Set("sts:ExternalId", externalId);
        }

        var decision = IamEvaluator.EvaluateTrust(trust, new IamRequest("sts:AssumeRole", "arn:aws:iam::444455556666:role/awsmultieni-member", context), caller);

        Assert.Equal(allowed ? IamDecision.Allowed : IamDecision.ImplicitDeny, decision);
    }

    private static List<JsonObject> Statements(string file) =>
        [.. JsonNode.Parse(RepositoryFiles.Read($"deploy/iam/{file}"))!["Statement"]!.AsArray().Select(s => s!.AsObject())];

    private static IEnumerable<string> Actions(JsonObject statement) =>
        statement["Action"] is JsonArray many ? many.Select(a => (string)a!) : [(string)statement["Action"]!];
}
