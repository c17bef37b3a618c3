using System.Net;

namespace AwsMultiEni.Dashboard.SignIn;

/// <summary>
/// The dashboard's own settings (configuration section <c>Dashboard</c>): who may open it, and which proxies in
/// front of it are believed about the address the browser used.
/// </summary>
public sealed record DashboardSettings
{
    public const string SectionName = "Dashboard";

    public DashboardOidcSettings Oidc { get; init; } = new();

    /// <summary>
    /// Networks (CIDR, or one address) of the proxies in front of the dashboard: their <c>X-Forwarded-Proto</c>,
    /// <c>-Host</c> and <c>-For</c> are taken as the request's, so redirect URIs carry the address the browser used.
    /// Empty: forwarded headers are ignored.
    /// </summary>
    public List<string> TrustedProxies { get; init; } = [];

    public static DashboardSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<DashboardSettings>() ?? new DashboardSettings();

    /// <summary>What is wrong with these settings, one sentence each; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(Oidc.Problems());
        problems.AddRange(TrustedProxies.Where(p => !TryParseNetwork(p, out _)).Select(p => $"Dashboard:TrustedProxies '{p}' is not a CIDR or an IP address."));
        return problems;
    }

    internal IEnumerable<IPNetwork> ProxyNetworks() =>
        TrustedProxies.Select(p => TryParseNetwork(p, out var network) ? network : throw new FormatException($"'{p}' is not a network."));

    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}
