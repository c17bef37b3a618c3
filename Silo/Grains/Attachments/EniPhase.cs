namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// Where one ENI is in its lifecycle. A phase that names an EC2 call in progress (Creating, Attaching,
/// Detaching, Deleting) is written before the call, so after a crash the call is made again, idempotently.
/// </summary>
[GenerateSerializer]
public enum EniPhase
{
    Pending,
    Creating,
    Created,
    Attaching,
    Attached,
    Ready,
    Detaching,
    Deleting,
}
