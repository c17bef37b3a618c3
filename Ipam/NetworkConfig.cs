using System.Text.Json.Serialization;

namespace AwsMultiEni.Ipam;

/// <summary>The network configuration on standard input: the main plugin's, with this plugin's part under <c>ipam</c>.</summary>
internal sealed record NetworkConfig
{
    public string? CniVersion { get; init; }

    public string? Name { get; init; }

    /// <summary>The main plugin's master interface (macvlan, ipvlan): the default for <see cref="IpamConfig.Interface"/>.</summary>
    public string? Master { get; init; }

    public IpamConfig? Ipam { get; init; }

    /// <summary>GC (spec 1.1): the attachments the runtime still has; everything else is stale.</summary>
    [JsonPropertyName("cni.dev/valid-attachments")]
    public IReadOnlyList<ValidAttachment>? ValidAttachments { get; init; }

    /// <summary>CHECK: the result of the ADD being checked.</summary>
    public IpamResult? PrevResult { get; init; }
}

internal sealed record IpamConfig
{
    public string? Type { get; init; }

    public string? Interface { get; init; }

    public string? DataDir { get; init; }

    /// <summary>Routes of the network's own, over those of the ranges file with the same destination.</summary>
    public IReadOnlyList<RouteEntry>? Routes { get; init; }
}

internal sealed record ValidAttachment
{
    [JsonPropertyName("containerID")]
    public string? ContainerId { get; init; }

    public string? Ifname { get; init; }
}

/// <summary>The version probe's input: only the version in use.</summary>
internal sealed record VersionRequest
{
    public string? CniVersion { get; init; }
}
