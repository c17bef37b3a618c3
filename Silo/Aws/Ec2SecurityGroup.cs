namespace AwsMultiEni.Silo.Aws;

/// <summary>A security group; <see cref="Name"/> is its <c>Name</c> tag, which differs from the group name.</summary>
public sealed record Ec2SecurityGroup(string GroupId, string GroupName, string VpcId, string? Name);
