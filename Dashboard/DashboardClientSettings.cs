using System.Globalization;
using System.Net;
using AwsMultiEni.Client.Hosting;

namespace AwsMultiEni.Dashboard;

/// <summary>
/// Which silo gateways the standalone dashboard connects to (configuration section <c>Orleans</c>). The
/// keys and defaults are the silo host's, so a dashboard beside a default silo, or one given the same
/// <c>Orleans__*</c> values as the silos, finds them without further settings.
/// </summary>
public sealed record DashboardClientSettings
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; init; } = "awsmultieni";

    public string ServiceId { get; init; } = "awsmultieni";

    /// <summary>
    /// The gateways' address: loopback by default; in Kubernetes, the silos' headless Service, whose DNS name
    /// answers every ready silo and is resolved again at each gateway list refresh.
    /// </summary>
    public string GatewayAddress { get; init; } = IPAddress.Loopback.ToString();

    public DashboardEndpointSettings Endpoints { get; init; } = new();

    /// <summary>How long to wait before trying the gateway again while it does not answer.</summary>
    public TimeSpan ConnectRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public static DashboardClientSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<DashboardClientSettings>() ?? new DashboardClientSettings();

    /// <summary>The fleet client these settings describe: the gateways as <c>host:port</c> and the cluster they form.</summary>
    public FleetClientOptions FleetClient() => new()
    {
        Gateways = [string.Create(CultureInfo.InvariantCulture, $"{GatewayAddress}:{Endpoints.GatewayPort}")],
        ClusterId = ClusterId,
        ServiceId = ServiceId,
    };
}

public sealed record DashboardEndpointSettings
{
    public int GatewayPort { get; init; } = 30000;
}
