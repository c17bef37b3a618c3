namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>What the Sandbox created in EC2: the network the examples name and one instance per simulated node.</summary>
public sealed record SeededWorld(string VpcId, IReadOnlyList<SeededSubnet> Subnets, IReadOnlyList<SeededSecurityGroup> SecurityGroups, IReadOnlyList<SeededInstance> Instances)
{
    public SeededSubnet Subnet(string name) => Subnets.Single(s => s.Name == name);

    public SeededSecurityGroup SecurityGroup(string name) => SecurityGroups.Single(g => g.Name == name);
}

public sealed record SeededSubnet(string Name, string SubnetId, string AvailabilityZone, string Cidr);

public sealed record SeededSecurityGroup(string Name, string GroupId);

/// <summary>An EC2 instance that one cluster's Node stands for; <see cref="NodeName"/> is its private DNS name, as EKS names nodes.</summary>
public sealed record SeededInstance(string Cluster, string InstanceId, string AvailabilityZone, string InstanceType, string NodeName);
