namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// Where one ENI is in its lifecycle. A phase that names an EC2 call in progress (Creating, Attaching,
/// Detaching, Deleting) is written before the call, so after a crash the call is made again, idempotently.
/// Leaving comes before Detaching for an ENI the node's agent set up: the node gives it up first.
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

    /// <summary>Taken out of the node's desired set; detached once the agent reports it torn down, or after a deadline.</summary>
    Leaving,
}
