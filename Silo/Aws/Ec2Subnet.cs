namespace AwsMultiEni.Silo.Aws;

/// <summary>A subnet as the grains need it: where it is (AZ, VPC) and its address ranges; <see cref="Ipv6CidrBlock"/> is its /64, if it has one.</summary>
public sealed record Ec2Subnet(string SubnetId, string VpcId, string AvailabilityZone, string CidrBlock, string? Name, string? Ipv6CidrBlock = null);
