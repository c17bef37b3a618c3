namespace AwsMultiEni.Silo.Aws;

/// <summary>A subnet as the grains need it: where it is (AZ, VPC) and its address range for status.</summary>
public sealed record Ec2Subnet(string SubnetId, string VpcId, string AvailabilityZone, string CidrBlock, string? Name);
