using System.Globalization;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>
/// The emulated account in one region: every resource, its tags, and the clock that moves attachments
/// from <c>attaching</c>/<c>detaching</c> to their end state. Callers hold <see cref="Sync"/> and call
/// <see cref="Settle"/> first, so each request sees one consistent world.
/// </summary>
internal sealed partial class Ec2World(string region, TimeSpan attachDelay, TimeSpan detachDelay, TimeSpan consistencyLag, TimeProvider time)
{
    public const string OwnerId = "123456789012";

    private readonly List<EmulatedNetworkInterface> _settling = [];
    private readonly Dictionary<string, Dictionary<string, string>> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<EmulatedNetworkInterface>> _byInstance = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedNetworkInterface> _byAttachment = new(StringComparer.Ordinal);
    private long _lastId;

    public Lock Sync { get; } = new();

    public string Region { get; } = region;

    public IReadOnlyList<string> AvailabilityZones { get; } = [region + "a", region + "b", region + "c", region + "d"];

    public Dictionary<string, EmulatedVpc> Vpcs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EmulatedSubnet> Subnets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EmulatedSecurityGroup> SecurityGroups { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EmulatedInstance> Instances { get; } = new(StringComparer.Ordinal);

    /// <summary>Every ENI ever created, deleted ones included (see <see cref="EmulatedNetworkInterface.Deleted"/>).</summary>
    public Dictionary<string, EmulatedNetworkInterface> NetworkInterfaces { get; } = new(StringComparer.Ordinal);

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public IEnumerable<EmulatedNetworkInterface> LiveInterfaces => NetworkInterfaces.Values.Where(eni => !eni.Deleted);

    /// <summary>Moves attachments whose time has come to <c>attached</c>, or off the ENI when detached.</summary>
    public void Settle()
    {
        var now = Now;
        _settling.RemoveAll(eni =>
        {
            if (eni.Attachment is not { } attachment || attachment.SettlesAt > now)
            {
                return eni.Attachment is null;
            }

            if (attachment.Status == "attaching")
            {
                attachment.Status = "attached";
                Changed(eni);
            }
            else
            {
                Unattach(eni);
            }

            return true;
        });
    }

    public IReadOnlyDictionary<string, string> TagsOf(string resourceId) =>
        _tags.TryGetValue(resourceId, out var tags) ? tags : new Dictionary<string, string>(StringComparer.Ordinal);

    public void Tag(string resourceId, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return;
        }

        if (!_tags.TryGetValue(resourceId, out var existing))
        {
            _tags[resourceId] = existing = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        foreach (var (key, value) in tags)
        {
            existing[key] = value;
        }

        TagsChanged(resourceId);
    }

    public string NewId(string prefix) => $"{prefix}-{(++_lastId).ToString("x17", CultureInfo.InvariantCulture)}";

    public EmulatedSubnet Subnet(string subnetId) =>
        Subnets.GetValueOrDefault(subnetId) ?? throw Ec2ApiError.NotFound("InvalidSubnetID.NotFound", "subnet", subnetId);

    public EmulatedInstance Instance(string instanceId) =>
        Instances.GetValueOrDefault(instanceId) ?? throw Ec2ApiError.NotFound("InvalidInstanceID.NotFound", "instance", instanceId);

    public EmulatedNetworkInterface NetworkInterface(string id) =>
        NetworkInterfaces.GetValueOrDefault(id) is { Deleted: false } eni ? eni : throw Ec2ApiError.NotFound("InvalidNetworkInterfaceID.NotFound", "networkInterface", id);

    /// <summary>The live ENIs attached (in any attachment state) to an instance, from an index kept by <see cref="SetAttachment"/> and <see cref="Unattach"/>.</summary>
    public IReadOnlyCollection<EmulatedNetworkInterface> AttachedTo(string instanceId) =>
        _byInstance.TryGetValue(instanceId, out var attached) ? attached : [];

    public EmulatedNetworkInterface? AttachedBy(string attachmentId) => _byAttachment.GetValueOrDefault(attachmentId);

    private void SetAttachment(EmulatedNetworkInterface eni, EmulatedAttachment attachment)
    {
        eni.Attachment = attachment;
        Changed(eni);
        _byAttachment[attachment.AttachmentId] = eni;
        if (!_byInstance.TryGetValue(attachment.InstanceId, out var attached))
        {
            _byInstance[attachment.InstanceId] = attached = [];
        }

        attached.Add(eni);
    }

    private void Unattach(EmulatedNetworkInterface eni)
    {
        if (eni.Attachment is { } attachment)
        {
            _byAttachment.Remove(attachment.AttachmentId);
            _byInstance[attachment.InstanceId].Remove(eni);
            eni.Attachment = null;
            Changed(eni);
        }
    }

    private void StartSettling(EmulatedNetworkInterface eni, TimeSpan delay)
    {
        eni.Attachment!.SettlesAt = Now + delay;
        _settling.Add(eni);
    }
}
