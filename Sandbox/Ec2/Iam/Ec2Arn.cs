using AwsMultiEni.Sandbox.Ec2.World;

namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>EC2 resource ARNs as the Service Authorization Reference writes them: <c>arn:aws:ec2:REGION:ACCOUNT:TYPE/ID</c>.</summary>
internal static class Ec2Arn
{
    public const string NetworkInterface = "network-interface";
    public const string Subnet = "subnet";
    public const string SecurityGroup = "security-group";
    public const string Instance = "instance";
    public const string Vpc = "vpc";

    private static readonly IReadOnlyDictionary<string, string> TypeByIdPrefix = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eni"] = NetworkInterface, ["subnet"] = Subnet, ["sg"] = SecurityGroup, ["i"] = Instance, ["vpc"] = Vpc,
    };

    public static string For(string region, string type, string id) => $"arn:aws:ec2:{region}:{Ec2World.OwnerId}:{type}/{id}";

    /// <summary>The ARN of a resource known only by its ID (CreateTags' ResourceId.N), typed by the ID's prefix.</summary>
    public static string ForId(string region, string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash < 0 ? id : id[..dash];
        return For(region, TypeByIdPrefix.GetValueOrDefault(prefix, prefix), id);
    }
}
