namespace AwsMultiEni.Silo.Aws;

/// <summary>An instance with every interface EC2 reports attached (the primary, the VPC CNI's, ours).</summary>
public sealed record Ec2Instance(
    string InstanceId,
    string InstanceType,
    string AvailabilityZone,
    string State,
    IReadOnlyList<Ec2InstanceInterface> NetworkInterfaces);

/// <summary>One interface of an instance and the device index it occupies.</summary>
public sealed record Ec2InstanceInterface(string NetworkInterfaceId, string AttachmentId, int DeviceIndex, string AttachmentStatus, string? MacAddress);
