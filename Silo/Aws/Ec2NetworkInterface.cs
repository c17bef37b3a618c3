namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// An ENI as EC2 describes it; <see cref="Status"/> is EC2's (<c>available</c>, <c>in-use</c>, ...). <see cref="Addresses"/>
/// holds its prefixes and secondary IPs; the primary private IP is <see cref="PrivateIpAddress"/> only.
/// </summary>
public sealed record Ec2NetworkInterface(
    string NetworkInterfaceId,
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string Status,
    string? MacAddress,
    string? PrivateIpAddress,
    string? Description,
    IReadOnlyList<string> SecurityGroupIds,
    Ec2EniAttachment? Attachment,
    IReadOnlyDictionary<string, string> Tags,
    EniAddresses Addresses);

/// <summary>Where an ENI is attached; <see cref="Status"/> is <c>attaching</c>, <c>attached</c>, <c>detaching</c> or <c>detached</c>.</summary>
public sealed record Ec2EniAttachment(string AttachmentId, string InstanceId, int DeviceIndex, string Status, bool DeleteOnTermination);
