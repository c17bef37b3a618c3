using AwsMultiEni.Client.Connection;

namespace AwsMultiEni.Client.Hosting;

/// <summary>
/// How a client reaches the fleet (configuration section <c>AwsMultiEni</c>): the silos' gateways, listed or found
/// in the DynamoDB membership table, and the Orleans cluster they form. The ids default to the silo's own defaults.
/// </summary>
public sealed class FleetClientOptions
{
    public const string SectionName = "AwsMultiEni";

    public const string DefaultId = "awsmultieni";

    /// <summary>Silo gateways as <c>host:port</c>; DNS names (a headless Service) are resolved again at every refresh.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>
    /// The silos' DynamoDB membership table (<c>OrleansSilos</c> by default on the silo): the gateways of its Active
    /// silos, read again at every refresh. Instead of <see cref="Gateways"/>; region, endpoint and credentials come
    /// the AWS SDK's way (<c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL_DYNAMODB</c>, the default credential chain).
    /// </summary>
    public string? MembershipTable { get; set; }

    public string ClusterId { get; set; } = DefaultId;

    public string ServiceId { get; set; } = DefaultId;

    /// <summary>
    /// How long to keep trying while no gateway answers at start. Null keeps trying for as long as it takes, as a
    /// service started beside its silos should; a command a person waits for gives up.
    /// </summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>
    /// The caller's bearer token file (a projected ServiceAccount token or one from <c>kubectl create token</c>, audience
    /// <c>awsmultieni</c>), sent with every grain call and read again when it changes; <c>Security:TokenFile</c> when
    /// configured that way. None is sent when null.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>What is wrong with these options, one sentence each; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Gateways.Count == 0 && string.IsNullOrWhiteSpace(MembershipTable))
        {
            problems.Add("no gateway is configured (AwsMultiEni:Gateways:0=host:port, or AwsMultiEni:MembershipTable=OrleansSilos to find them in DynamoDB).");
        }

        if (Gateways.Count > 0 && !string.IsNullOrWhiteSpace(MembershipTable))
        {
            problems.Add("both gateways and a membership table are configured; give one.");
        }

        problems.AddRange(Gateways.Where(g => !GatewayEndpoint.TryParse(g, out _)).Select(g => $"gateway '{g}' is not host:port."));
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            problems.Add("ClusterId and ServiceId must not be empty.");
        }

        return problems;
    }

    /// <summary>Where the client looks for gateways, for messages.</summary>
    public string GatewaySource() =>
        string.IsNullOrWhiteSpace(MembershipTable) ? string.Join(", ", Gateways) : $"the Active silos of DynamoDB table '{MembershipTable}'";

    internal IReadOnlyList<GatewayEndpoint> Endpoints() =>
        [.. Gateways.Select(g => GatewayEndpoint.TryParse(g, out var endpoint) ? endpoint : throw new FormatException($"Gateway '{g}' is not host:port."))];
}
