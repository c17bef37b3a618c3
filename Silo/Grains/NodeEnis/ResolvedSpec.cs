using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>A spec's subnets (in spec order) and security groups as EC2 knows them, or why they could not be resolved.</summary>
internal sealed record ResolvedSpec(long? Generation, IReadOnlyList<Ec2Subnet> Subnets, IReadOnlyList<string> SecurityGroupIds, NodeProblem? Problem)
{
    public static ResolvedSpec Failed(long? generation, string reason, string message) => new(generation, [], [], new NodeProblem(null, reason, message));

    /// <summary>The listed subnets in <paramref name="zone"/>, in spec order: the k-th goes to device index + k.</summary>
    public IReadOnlyList<Ec2Subnet> InZone(string? zone) => [.. Subnets.Where(s => s.AvailabilityZone == zone)];
}

/// <summary>A failure to report: on one node, or (<see cref="Node"/> null) for the whole NodeENI.</summary>
internal sealed record NodeProblem(string? Node, string Reason, string Message);
