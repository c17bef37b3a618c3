using AwsMultiEni.Sandbox.Ec2.Iam;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>The emulator's IAM evaluator alone: IAM's decision rules, wildcards, each condition operator and an absent key.</summary>
public sealed class IamEvaluatorTests
{
    private const string Eni = "arn:aws:ec2:us-east-1:123456789012:network-interface/eni-0abc";

    [Fact]
    public void An_explicit_deny_wins_over_an_allow()
    {
        var policy = Policy(
            """{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}""",
            """{"Effect": "Deny", "Action": "ec2:DeleteNetworkInterface", "Resource": "arn:aws:ec2:*:*:network-interface/*"}""");

        Assert.Equal(IamDecision.ExplicitDeny, Decide(policy, "ec2:DeleteNetworkInterface", Eni));
        Assert.Equal(IamDecision.Allowed, Decide(policy, "ec2:AttachNetworkInterface", Eni));
    }

    [Fact]
    public void Without_an_allow_the_answer_is_no()
    {
        var policy = Policy("""{"Effect": "Allow", "Action": "ec2:DescribeSubnets", "Resource": "*"}""");

        Assert.Equal(IamDecision.ImplicitDeny, Decide(policy, "ec2:DeleteNetworkInterface", Eni));
    }

    [Theory]
    [InlineData("ec2:Describe*", "ec2:DescribeNetworkInterfaces", "*", true)]
    [InlineData("EC2:describenetworkinterfaces", "ec2:DescribeNetworkInterfaces", "*", true)]
    [InlineData("ec2:Describe?ubnets", "ec2:DescribeSubnets", "*", true)]
    [InlineData("ec2:Describe?", "ec2:DescribeSubnets", "*", false)]
    [InlineData("ec2:*", "ec2:AttachNetworkInterface", "arn:aws:ec2:*:*:network-interface/eni-0ab?", true)]
    [InlineData("ec2:*", "ec2:AttachNetworkInterface", "arn:aws:ec2:*:*:network-interface/ENI-0abc", false)]
    [InlineData("ec2:*", "ec2:AttachNetworkInterface", "arn:aws:ec2:*:*:subnet/*", false)]
    public void Action_and_resource_wildcards(string action, string requested, string resource, bool allowed)
    {
        var policy = Policy($$"""{"Effect": "Allow", "Action": ["{{action}}"], "Resource": ["{{resource}}"]}""");

        Assert.Equal(allowed ? IamDecision.Allowed : IamDecision.ImplicitDeny, Decide(policy, requested, Eni));
    }

    [Theory]
    [InlineData("StringEquals", "aws:ResourceTag/owner", "fleet", true)]
    [InlineData("StringEquals", "aws:ResourceTag/owner", "Fleet", false)]
    [InlineData("StringEquals", "ec2:ResourceTag/owner", "fleet", true)]
    [InlineData("StringEquals", "AWS:RESOURCETAG/owner", "fleet", true)]
    [InlineData("StringEquals", "aws:ResourceTag/Owner", "fleet", false)]
    [InlineData("StringLike", "aws:ResourceTag/owner", "fl?e*", true)]
    [InlineData("StringLike", "aws:ResourceTag/owner", "x*", false)]
    [InlineData("StringEquals", "aws:ResourceTag/absent", "fleet", false)]
    [InlineData("StringLike", "aws:ResourceTag/absent", "*", false)]
    [InlineData("Null", "aws:ResourceTag/absent", "true", true)]
    [InlineData("Null", "aws:ResourceTag/owner", "true", false)]
    [InlineData("Null", "aws:ResourceTag/owner", "false", true)]
    [InlineData("Null", "aws:ResourceTag/absent", "false", false)]
    [InlineData("ForAllValues:StringEquals", "aws:TagKeys", "owner", false)]
    [InlineData("ForAllValues:StringEquals", "aws:TagKeys", "owner\", \"Name", true)]
    [InlineData("ForAllValues:StringEquals", "aws:RequestTag/absent", "x", true)]
    [InlineData("ForAnyValue:StringEquals", "aws:TagKeys", "Name", true)]
    [InlineData("ForAnyValue:StringEquals", "aws:TagKeys", "other", false)]
    [InlineData("ForAnyValue:StringEquals", "aws:RequestTag/absent", "x", false)]
    [InlineData("StringEquals", "aws:RequestedRegion", "us-east-1", true)]
    [InlineData("StringEquals", "aws:RequestedRegion", "eu-west-1", false)]
    public void Each_condition_operator_and_an_absent_key(string op, string key, string values, bool allowed)
    {
        var condition = "{\"" + op + "\": {\"" + key + "\": [\"" + values + "\"]}}";
        var policy = Policy($$"""{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {{condition}}}""");
        var context = new IamContext()
            .Set("aws:RequestedRegion", "us-east-1")
            .ResourceTags(new Dictionary<string, string> { ["owner"] = "fleet" })
            .RequestTags(new Dictionary<string, string> { ["owner"] = "fleet", ["Name"] = "n" });

        Assert.Equal(allowed ? IamDecision.Allowed : IamDecision.ImplicitDeny, IamEvaluator.Evaluate(policy, new IamRequest("ec2:CreateTags", Eni, context)));
    }

    [Fact]
    public void Every_condition_of_a_statement_must_hold()
    {
        var policy = Policy("""
            {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
             "Condition": {"StringEquals": {"ec2:CreateAction": "CreateNetworkInterface", "aws:RequestTag/owner": "fleet"}}}
            """);
        var tags = new Dictionary<string, string> { ["owner"] = "fleet" };

        Assert.Equal(IamDecision.Allowed, IamEvaluator.Evaluate(policy, new IamRequest("ec2:CreateTags", Eni, new IamContext().RequestTags(tags).Set("ec2:CreateAction", "CreateNetworkInterface"))));
        Assert.Equal(IamDecision.ImplicitDeny, IamEvaluator.Evaluate(policy, new IamRequest("ec2:CreateTags", Eni, new IamContext().RequestTags(tags))));
    }

    [Theory]
    [InlineData("""{"Effect": "Allow", "NotAction": "ec2:*", "Resource": "*"}""")]
    [InlineData("""{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:TagKeys": "x"}}}""")]
    [InlineData("""{"Effect": "Maybe", "Action": "ec2:*", "Resource": "*"}""")]
    public void Elements_it_does_not_evaluate_are_refused(string statement) =>
        Assert.Throws<FormatException>(() => Policy(statement));

    private static IamDecision Decide(IamPolicy policy, string action, string resource) =>
        IamEvaluator.Evaluate(policy, new IamRequest(action, resource, new IamContext()));

    private static IamPolicy Policy(params string[] statements) =>
        IamPolicy.Parse($$"""{"Version": "2012-10-17", "Statement": [{{string.Join(",", statements)}}]}""");
}
