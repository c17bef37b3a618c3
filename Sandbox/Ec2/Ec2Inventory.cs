namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>Everything the emulated account holds right now, for "no leaked and no duplicate ENIs" assertions.</summary>
public sealed record Ec2Inventory(
    int Vpcs,
    int Subnets,
    int SecurityGroups,
    IReadOnlyList<Ec2InventoryInstance> Instances,
    IReadOnlyList<Ec2InventoryNetworkInterface> NetworkInterfaces);

public sealed record Ec2InventoryInstance(string InstanceId, string InstanceType, string AvailabilityZone, string State);

/// <summary>A live ENI; attachment fields are null when it is available.</summary>
public sealed record Ec2InventoryNetworkInterface(
    string NetworkInterfaceId,
    string SubnetId,
    string AvailabilityZone,
    string Status,
    string? InstanceId,
    int? DeviceIndex,
    string? AttachmentStatus,
    bool? DeleteOnTermination,
    IReadOnlyDictionary<string, string> Tags);
