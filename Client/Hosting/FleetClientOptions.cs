using AwsMultiEni.Client.Connection;

namespace AwsMultiEni.Client.Hosting;

/// <summary>
/// How a client reaches the fleet (configuration section <c>AwsMultiEni</c>): the silos' gateways and the Orleans
/// cluster they form. The ids default to the silo's own defaults.
/// </summary>
public sealed class FleetClientOptions
{
    public const string SectionName = "AwsMultiEni";

    public const string DefaultId = "awsmultieni";

    /// <summary>Silo gateways as <c>host:port</c>; DNS names (a headless Service) are resolved again at every refresh.</summary>
    public List<string> Gateways { get; set; } = [];

    public string ClusterId { get; set; } = DefaultId;

    public string ServiceId { get; set; } = DefaultId;

    /// <summary>
    /// How long to keep trying while no gateway answers at start. Null keeps trying for as long as it takes, as a
    /// service started beside its silos should; a command a person waits for gives up.
    /// </summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>What is wrong with these options, one sentence each; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Gateways.Count == 0)
        {
            problems.Add("no gateway is configured (AwsMultiEni:Gateways:0=host:port).");
        }

        problems.AddRange(Gateways.Where(g => !GatewayEndpoint.TryParse(g, out _)).Select(g => $"gateway '{g}' is not host:port."));
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            problems.Add("ClusterId and ServiceId must not be empty.");
        }

        return problems;
    }

    internal IReadOnlyList<GatewayEndpoint> Endpoints() =>
        [.. Gateways.Select(g => GatewayEndpoint.TryParse(g, out var endpoint) ? endpoint : throw new FormatException($"Gateway '{g}' is not host:port."))];
}
