using System.Globalization;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>ENIs and their attachments, strict where EC2 is strict.</summary>
internal sealed partial class Ec2World
{
    private readonly Dictionary<string, (string Fingerprint, EmulatedNetworkInterface Eni)> _eniTokens = new(StringComparer.Ordinal);

    public EmulatedNetworkInterface CreateNetworkInterface(
        string subnetId,
        IReadOnlyList<string> groupIds,
        string? description,
        string? clientToken,
        IReadOnlyDictionary<string, string> tags,
        string? primaryAddress,
        AddressRequest addresses)
    {
        var fingerprint = $"{subnetId}|{string.Join(',', groupIds)}|{description}|{string.Join(',', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}|{primaryAddress}|{addresses.Fingerprint}";
        if (clientToken is not null && _eniTokens.TryGetValue(clientToken, out var earlier))
        {
            return earlier.Fingerprint == fingerprint
                ? earlier.Eni
                : throw new Ec2ApiError("IdempotentParameterMismatch", $"The client token '{clientToken}' was used with different parameters.");
        }

        var subnet = Subnet(subnetId);
        ValidateGroups(groupIds, subnet.VpcId);
        addresses.Validate();
        var eni = NewInterface(subnet, description ?? string.Empty, groupIds, "interface", primaryAddress);
        try
        {
            // No instance yet, so no instance-type limits: EC2 checks those when the ENI is attached.
            AssignAddresses(eni, addresses);
        }
        catch (Ec2ApiError)
        {
            // EC2 creates the ENI with all its addresses or not at all.
            Retire(eni);
            throw;
        }

        Tag(eni.NetworkInterfaceId, tags);
        if (clientToken is not null)
        {
            _eniTokens[clientToken] = (fingerprint, eni);
        }

        return eni;
    }

    public EmulatedAttachment Attach(string networkInterfaceId, string instanceId, int deviceIndex, int networkCardIndex)
    {
        var eni = NetworkInterface(networkInterfaceId);
        var instance = Instance(instanceId);
        if (instance.State != "running")
        {
            throw new Ec2ApiError("IncorrectInstanceState", $"The instance '{instanceId}' is not in a valid state for this operation.");
        }

        if (eni.Attachment is not null)
        {
            throw new Ec2ApiError("InvalidNetworkInterface.InUse", $"Interface: [{networkInterfaceId}] in use.");
        }

        if (eni.Subnet.AvailabilityZone != instance.Subnet.AvailabilityZone)
        {
            throw new Ec2ApiError(
                "InvalidParameterCombination",
                $"You may not attach a network interface to an instance if they are not in the same availability zone (interface {eni.Subnet.AvailabilityZone}, instance {instance.Subnet.AvailabilityZone}).");
        }

        if (eni.Subnet.VpcId != instance.Subnet.VpcId)
        {
            throw new Ec2ApiError("InvalidParameterCombination", "The network interface and the instance must be in the same VPC.");
        }

        var limits = InstanceTypeCatalog.All[instance.InstanceType];
        if (deviceIndex < 0 || networkCardIndex < 0 || networkCardIndex >= limits.NetworkCards)
        {
            throw Ec2ApiError.InvalidValue("DeviceIndex", deviceIndex.ToString(CultureInfo.InvariantCulture), $"Device and network card indexes must be non-negative and below {limits.NetworkCards} cards.");
        }

        var attached = AttachedTo(instanceId).Select(other => other.Attachment!).ToList();
        if (attached.Any(other => other.DeviceIndex == deviceIndex && other.NetworkCardIndex == networkCardIndex))
        {
            throw new Ec2ApiError("InvalidParameterValue", $"Instance '{instanceId}' already has an interface attached at device index '{deviceIndex}'.");
        }

        var onCard = attached.Count(other => other.NetworkCardIndex == networkCardIndex);
        if (attached.Count + 1 > limits.MaximumNetworkInterfaces || onCard + 1 > limits.InterfacesPerCard)
        {
            throw new Ec2ApiError("AttachmentLimitExceeded", $"Interface count {attached.Count + 1} exceeds the limit for {instance.InstanceType}");
        }

        CheckAddressLimits(limits, eni, AddressRequest.None);

        var attachment = new EmulatedAttachment(NewId("eni-attach"), instanceId, deviceIndex, networkCardIndex, Now);
        SetAttachment(eni, attachment);
        StartSettling(eni, attachDelay);
        return attachment;
    }

    public void Detach(string attachmentId, bool force)
    {
        var eni = AttachedBy(attachmentId)
            ?? throw new Ec2ApiError("InvalidAttachmentID.NotFound", $"The network interface attachment ID '{attachmentId}' does not exist");
        var attachment = eni.Attachment!;
        if (attachment.DeviceIndex == 0)
        {
            throw new Ec2ApiError("OperationNotPermitted", "The network interface at device index 0 cannot be detached.");
        }

        if (attachment.Status == "detaching" && !force)
        {
            return;
        }

        attachment.Status = "detaching";
        Changed(eni);
        _settling.Remove(eni);
        StartSettling(eni, force ? TimeSpan.Zero : detachDelay);
    }

    public void Delete(string networkInterfaceId)
    {
        var eni = NetworkInterface(networkInterfaceId);
        if (eni.Attachment is not null)
        {
            throw new Ec2ApiError("InvalidNetworkInterface.InUse", $"The network interface '{networkInterfaceId}' is currently in use.");
        }

        Retire(eni);
    }

    public void ModifyAttachment(string networkInterfaceId, string attachmentId, bool deleteOnTermination)
    {
        var eni = NetworkInterface(networkInterfaceId);
        if (eni.Attachment?.AttachmentId != attachmentId)
        {
            throw new Ec2ApiError("InvalidAttachmentID.NotFound", $"The network interface attachment ID '{attachmentId}' does not exist");
        }

        eni.Attachment.DeleteOnTermination = deleteOnTermination;
        Changed(eni);
    }

    public void SetDescription(EmulatedNetworkInterface eni, string description)
    {
        eni.Description = description;
        Changed(eni);
    }

    public void SetGroups(EmulatedNetworkInterface eni, IReadOnlyList<string> groupIds)
    {
        ValidateGroups(groupIds, eni.Subnet.VpcId);
        eni.GroupIds = groupIds;
        Changed(eni);
    }

    private EmulatedNetworkInterface NewInterface(EmulatedSubnet subnet, string description, IReadOnlyList<string> groupIds, string interfaceType, string? primaryAddress = null)
    {
        if (primaryAddress is not null)
        {
            subnet.Addresses.ClaimAddress(primaryAddress);
        }

        var id = NewId("eni");
        var serial = _lastId;
        var mac = string.Join(':', new[] { 0x02, (int)(serial >> 32) & 0xff, (int)(serial >> 24) & 0xff, (int)(serial >> 16) & 0xff, (int)(serial >> 8) & 0xff, (int)serial & 0xff }
            .Select(part => part.ToString("x2", CultureInfo.InvariantCulture)));
        var eni = new EmulatedNetworkInterface(id, subnet, mac, primaryAddress ?? subnet.Addresses.AllocateAddress(), description, groupIds, interfaceType);
        NetworkInterfaces[id] = eni;
        Changed(eni);
        return eni;
    }
}
