using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.NodeEnis;

/// <summary>Turns a spec's subnet and security-group references (IDs or names) into EC2 resources.</summary>
internal static class SpecResolver
{
    public static async Task<ResolvedSpec> ResolveAsync(NodeEniSpec spec, long? generation, IEc2Gateway ec2, CancellationToken cancellationToken)
    {
        var subnetRefs = spec.AllSubnetIds.Concat(spec.AllSubnetNames).ToList();
        var subnets = await ec2.ResolveSubnetsAsync(subnetRefs, cancellationToken);
        if (subnets.Unresolved.Count > 0)
        {
            return ResolvedSpec.Failed(generation, "SubnetNotFound", $"Subnet(s) not found in EC2: {string.Join(", ", subnets.Unresolved)}.");
        }

        var ordered = subnetRefs
            .Select(r => subnets.Found.First(s => s.SubnetId == r || s.Name == r))
            .DistinctBy(s => s.SubnetId)
            .ToList();
        var vpcs = ordered.Select(s => s.VpcId).Distinct(StringComparer.Ordinal).ToList();
        if (vpcs.Count != 1)
        {
            return ResolvedSpec.Failed(generation, "SubnetsInSeveralVpcs", $"The listed subnets span VPCs {string.Join(", ", vpcs)}; an ENI's security groups belong to one VPC.");
        }

        var groupRefs = (spec.SecurityGroupIds ?? []).Concat(spec.SecurityGroupNames ?? []).Distinct(StringComparer.Ordinal).ToList();
        var groups = await ec2.ResolveSecurityGroupsAsync(vpcs[0], groupRefs, cancellationToken);
        if (groups.Unresolved.Count > 0)
        {
            return ResolvedSpec.Failed(generation, "SecurityGroupNotFound", $"Security group(s) not found in {vpcs[0]}: {string.Join(", ", groups.Unresolved)}.");
        }

        return new ResolvedSpec(generation, ordered, groups.Found.Select(g => g.GroupId).Distinct(StringComparer.Ordinal).ToList(), null);
    }
}
