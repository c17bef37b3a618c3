namespace AwsMultiEni.Ipam;

/// <summary>The IPAM result of spec 1.0/1.1: addresses and routes, no interfaces (the main plugin owns those).</summary>
internal sealed record IpamResult
{
    public string? CniVersion { get; init; }

    public IReadOnlyList<IpConfig>? Ips { get; init; }

    public IReadOnlyList<RouteEntry>? Routes { get; init; }
}

internal sealed record IpConfig
{
    /// <summary>CIDR form: the address with its subnet's prefix length.</summary>
    public string? Address { get; init; }

    public string? Gateway { get; init; }

    /// <summary>Set by the main plugin in its own result; read back from a CHECK's prevResult, never written here.</summary>
    public int? Interface { get; init; }
}

internal sealed record VersionResult(string CniVersion, IReadOnlyList<string> SupportedVersions);

internal sealed record ErrorResult(string CniVersion, int Code, string Msg, string? Details);
