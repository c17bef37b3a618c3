using System.Net;

namespace AwsMultiEni.Dashboard;

/// <summary>
/// Which silo gateway the standalone dashboard connects to (configuration section <c>Orleans</c>). The
/// keys and defaults are the silo host's, so a dashboard beside a default silo, or as a sidecar given
/// the same <c>Orleans__*</c> values as its silo, finds it without further settings.
/// </summary>
public sealed record DashboardClientSettings
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; init; } = "awsmultieni";

    public string ServiceId { get; init; } = "awsmultieni";

    /// <summary>The gateway's IP: loopback by default; in a silo pod, the pod IP the silo advertises.</summary>
    public string GatewayAddress { get; init; } = IPAddress.Loopback.ToString();

    public DashboardEndpointSettings Endpoints { get; init; } = new();

    /// <summary>How long to wait before trying the gateway again while it does not answer.</summary>
    public TimeSpan ConnectRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public static DashboardClientSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<DashboardClientSettings>() ?? new DashboardClientSettings();

    public IPEndPoint Gateway() =>
        IPAddress.TryParse(GatewayAddress, out var address)
            ? new IPEndPoint(address, Endpoints.GatewayPort)
            : throw new InvalidOperationException($"Orleans:GatewayAddress '{GatewayAddress}' is not an IP address.");
}

public sealed record DashboardEndpointSettings
{
    public int GatewayPort { get; init; } = 30000;
}
