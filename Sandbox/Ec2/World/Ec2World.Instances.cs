using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>Instances: launch with a primary ENI at device index 0, terminate honouring DeleteOnTermination.</summary>
internal sealed partial class Ec2World
{
    private readonly Dictionary<string, (string Fingerprint, IReadOnlyList<EmulatedInstance> Instances)> _runTokens = new(StringComparer.Ordinal);

    public IReadOnlyList<EmulatedInstance> RunInstances(
        string imageId,
        string instanceType,
        string subnetId,
        int count,
        IReadOnlyList<string> groupIds,
        string? clientToken,
        IReadOnlyDictionary<string, string> tags)
    {
        var fingerprint = $"{imageId}|{instanceType}|{subnetId}|{count}|{string.Join(',', groupIds)}";
        if (clientToken is not null && _runTokens.TryGetValue(clientToken, out var earlier))
        {
            return earlier.Fingerprint == fingerprint
                ? earlier.Instances
                : throw new Ec2ApiError("IdempotentParameterMismatch", $"The client token '{clientToken}' was used with different parameters.");
        }

        if (!InstanceTypeCatalog.All.ContainsKey(instanceType))
        {
            throw Ec2ApiError.InvalidValue("InstanceType", instanceType, "This instance type is not offered here.");
        }

        var subnet = Subnet(subnetId);
        ValidateGroups(groupIds, subnet.VpcId);
        var launched = new List<EmulatedInstance>();
        for (var i = 0; i < count; i++)
        {
            var instance = new EmulatedInstance(NewId("i"), instanceType, subnet, imageId, clientToken, Now);
            Instances[instance.InstanceId] = instance;
            Changed(instance);
            Tag(instance.InstanceId, tags);
            var primary = NewInterface(subnet, "Primary network interface", groupIds, "interface");
            SetAttachment(primary, new EmulatedAttachment(NewId("eni-attach"), instance.InstanceId, 0, 0, Now) { Status = "attached", DeleteOnTermination = true });
            launched.Add(instance);
        }

        if (clientToken is not null)
        {
            _runTokens[clientToken] = (fingerprint, launched);
        }

        return launched;
    }

    /// <summary>Terminates: ENIs marked DeleteOnTermination are deleted, the others detach and become available.</summary>
    public IReadOnlyList<(EmulatedInstance Instance, string PreviousState)> TerminateInstances(IReadOnlyList<string> instanceIds)
    {
        var instances = instanceIds.Select(Instance).ToList();
        var changes = new List<(EmulatedInstance, string)>();
        foreach (var instance in instances)
        {
            var previous = instance.State;
            instance.State = "terminated";
            Changed(instance);
            changes.Add((instance, previous));
            foreach (var eni in AttachedTo(instance.InstanceId).ToList())
            {
                if (eni.Attachment!.DeleteOnTermination)
                {
                    Unattach(eni);
                    Retire(eni);
                }
                else
                {
                    eni.Attachment.Status = "detaching";
                    Changed(eni);
                    StartSettling(eni, detachDelay);
                }
            }
        }

        return changes;
    }

    public void ValidateGroups(IReadOnlyList<string> groupIds, string vpcId)
    {
        foreach (var groupId in groupIds)
        {
            var group = SecurityGroups.GetValueOrDefault(groupId) ?? throw new Ec2ApiError("InvalidSecurityGroupID.NotFound", $"The security group '{groupId}' does not exist");
            if (group.VpcId != vpcId)
            {
                throw new Ec2ApiError("InvalidParameter", $"Security group {groupId} and subnet belong to different networks.");
            }
        }
    }
}
