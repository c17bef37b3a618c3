using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AwsMultiEni.Cli.Iam;

/// <summary>
/// Narrows a shipped policy (<c>deploy/iam/silo-policy.json</c> or <c>member-role-policy.json</c>, which grant across
/// every region and account and rely on the fleet's tags) to one install's <see cref="PolicyScope"/>, as far as IAM
/// can express it: resource ARNs get the partition, regions and account; actions that take no resource (the
/// describes) get <c>aws:RequestedRegion</c>; ENIs, subnets and security groups get <c>ec2:Vpc</c> when VPCs are
/// given (not on tags at creation, which IAM checks
/// with the CreateNetworkInterface they ride on). Roles to assume keep any account (member accounts differ) and get the partition only.
/// </summary>
internal static partial class ScopedPolicy
{
    private static readonly HashSet<string> VpcScopedTypes = new(StringComparer.Ordinal) { "network-interface", "subnet", "security-group" };

    public static JsonObject Narrow(JsonObject policy, PolicyScope scope)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scope);
        var narrowed = policy.DeepClone().AsObject();
        foreach (var statement in narrowed["Statement"]!.AsArray().Select(s => s!.AsObject()))
        {
            NarrowStatement(statement, scope);
        }

        return narrowed;
    }

    private static void NarrowStatement(JsonObject statement, PolicyScope scope)
    {
        var resources = Strings(statement["Resource"]!);
        if (resources is ["*"])
        {
            Require(statement, "aws:RequestedRegion", scope.Regions);
            return;
        }

        var arns = resources.Select(resource => ShippedArn().Match(resource)).ToList();
        statement["Resource"] = new JsonArray([.. arns.SelectMany(arn => Scoped(arn, scope)).Select(arn => JsonValue.Create(arn))]);
        // Tags at creation ride on a CreateNetworkInterface this scoping already holds to the VPCs.
        var tagsAtCreation = statement["Condition"]?["StringEquals"]?["ec2:CreateAction"] is not null;
        if (scope.Vpcs.Count > 0 && !tagsAtCreation && arns.All(arn => arn.Groups["service"].Value == "ec2" && VpcScopedTypes.Contains(arn.Groups["type"].Value)))
        {
            Require(statement, "ec2:Vpc", scope.VpcArns());
        }
    }

    private static IEnumerable<string> Scoped(Match arn, PolicyScope scope)
    {
        if (!arn.Success)
        {
            throw new InvalidOperationException($"The shipped policy has a resource the scoping does not know: '{arn.Value}'.");
        }

        var service = arn.Groups["service"].Value;
        var resource = arn.Groups["resource"].Value;
        return service == "iam"
            ? [$"arn:{scope.Partition}:iam::*:{resource}"]
            : scope.Arns(service, resource);
    }

    /// <summary>Adds <c>StringEquals</c> on <paramref name="key"/>: keys under one operator must all hold, so this narrows.</summary>
    private static void Require(JsonObject statement, string key, IReadOnlyList<string> values)
    {
        var conditions = statement["Condition"] as JsonObject ?? [];
        statement["Condition"] = conditions;
        var equals = conditions["StringEquals"] as JsonObject ?? [];
        conditions["StringEquals"] = equals;
        equals[key] = new JsonArray([.. values.Select(value => JsonValue.Create(value))]);
    }

    private static List<string> Strings(JsonNode node) =>
        node is JsonArray many ? [.. many.Select(item => item!.GetValue<string>())] : [node.GetValue<string>()];

    [GeneratedRegex(@"^arn:aws:(?<service>[a-z0-9]+):[^:]*:[^:]*:(?<resource>(?<type>[a-z-]+)/.*)$")]
    private static partial Regex ShippedArn();
}
