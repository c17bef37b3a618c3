using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Silo.Grains.Nodes;

/// <summary>The AttachmentGrains' handle on a NodeGrain: device-index claims and the interfaces they publish.</summary>
public interface INodeDevices : INodeGrain
{
    /// <summary>Claims <paramref name="deviceIndex"/> for <paramref name="owner"/>; returns the other owner holding it, or null.</summary>
    Task<string?> Claim(int deviceIndex, string owner);

    Task Unclaim(int deviceIndex, string owner);

    /// <summary>Replaces the interfaces <paramref name="owner"/> contributes to the node's desired set.</summary>
    Task Publish(string owner, IReadOnlyList<DesiredInterface> interfaces);
}
