using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Cli.Iam;

namespace AwsMultiEni.Cli.Commands;

/// <summary>
/// <c>iam silo-policy|member-policy</c>: the shipped IAM policies narrowed to one install's partition, account, regions
/// and VPCs, printed as the JSON <c>aws iam put-role-policy --policy-document</c> takes. Needs no fleet.
/// </summary>
internal static partial class IamCommand
{
    public static Command Create(CommandActions actions)
    {
        var iam = new Command("iam", "IAM policies for this install, narrowed from the shipped ones in deploy/iam.");
        iam.Subcommands.Add(Policy(actions, "silo-policy", "silo-policy.json", "The silo role's policy: EC2, its DynamoDB tables, assuming member roles."));
        iam.Subcommands.Add(Policy(actions, "member-policy", "member-role-policy.json", "A member account's role policy: the EC2 part, in that account."));
        return iam;
    }

    private static Command Policy(CommandActions actions, string name, string shipped, string description)
    {
        var account = new Option<string>("--account") { Description = "The 12-digit account that owns the ENIs (and, for the silo, its tables).", Required = true };
        var regions = new Option<string[]>("--region") { Description = "A region the fleet works in; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var vpcs = new Option<string[]>("--vpc") { Description = "Allow ENI, subnet and security-group changes only in this VPC (vpc-…); repeat for several." };
        var partition = new Option<string>("--partition") { Description = "aws, aws-cn or aws-us-gov.", DefaultValueFactory = _ => "aws" };
        var command = new Command(name, $"""
            {description}

            Example:
              awsmultieni iam {name} --account 111122223333 --region eu-west-1 --vpc vpc-0123456789abcdef0 > policy.json
            """);
        foreach (var option in new Option[] { account, regions, vpcs, partition })
        {
            command.Options.Add(option);
        }

        return actions.Set(command, async scope =>
        {
            var policyScope = new PolicyScope(scope.Value(partition)!, scope.Value(account)!, scope.Value(regions) ?? [], scope.Value(vpcs) ?? []);
            Validate(policyScope);
            await using var stream = typeof(IamCommand).Assembly.GetManifestResourceStream($"AwsMultiEni.Cli.{shipped}")
                ?? throw new InvalidOperationException($"The shipped {shipped} is not embedded.");
            var policy = (await JsonNode.ParseAsync(stream, cancellationToken: scope.CancellationToken))!.AsObject();
            scope.Printer.Document(ScopedPolicy.Narrow(policy, policyScope));
        });
    }

    private static void Validate(PolicyScope scope)
    {
        if (scope.Partition is not ("aws" or "aws-cn" or "aws-us-gov"))
        {
            throw new UsageException($"--partition '{scope.Partition}' must be aws, aws-cn or aws-us-gov.");
        }

        if (!AccountId().IsMatch(scope.Account))
        {
            throw new UsageException($"--account '{scope.Account}' must be a 12-digit AWS account ID.");
        }

        if (scope.Regions.FirstOrDefault(region => !RegionName().IsMatch(region)) is { } region)
        {
            throw new UsageException($"--region '{region}' is not a region name (e.g. eu-west-1).");
        }

        if (scope.Vpcs.FirstOrDefault(vpc => !VpcId().IsMatch(vpc)) is { } vpc)
        {
            throw new UsageException($"--vpc '{vpc}' is not a VPC ID (vpc-…).");
        }
    }

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d$")]
    private static partial Regex RegionName();

    [GeneratedRegex(@"^vpc-[0-9a-f]{8,17}$")]
    private static partial Regex VpcId();
}
