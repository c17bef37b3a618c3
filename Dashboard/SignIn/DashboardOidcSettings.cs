namespace AwsMultiEni.Dashboard.SignIn;

/// <summary>
/// Sign-in through an OpenID Connect provider (configuration section <c>Dashboard:Oidc</c>). Without an
/// <see cref="Authority"/> the dashboard is open to whoever reaches it.
/// </summary>
public sealed record DashboardOidcSettings
{
    /// <summary>The provider's issuer URL; its discovery document is read from <c>/.well-known/openid-configuration</c> below it.</summary>
    public string? Authority { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>A file holding the client secret (a mounted Secret), read at start; instead of <see cref="ClientSecret"/>.</summary>
    public string? ClientSecretFile { get; init; }

    /// <summary>Scopes asked for besides <c>openid</c>; empty: <c>profile</c>.</summary>
    public List<string> Scopes { get; init; } = [];

    /// <summary>The ID token claim shown as the signed-in user's name.</summary>
    public string NameClaim { get; init; } = "name";

    /// <summary>The ID token claim that lists the user's groups (or roles), one value per group.</summary>
    public string GroupsClaim { get; init; } = "groups";

    /// <summary>Only users with one of these values in <see cref="GroupsClaim"/> may open the dashboard; empty: any signed-in user.</summary>
    public List<string> AllowedGroups { get; init; } = [];

    /// <summary>Whether the provider's discovery document must be fetched over HTTPS; false only for a provider on loopback.</summary>
    public bool RequireHttpsMetadata { get; init; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IReadOnlyList<string> Problems()
    {
        if (!Enabled)
        {
            return [];
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"Dashboard:Oidc:Authority '{Authority}' is not an http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("Dashboard:Oidc:ClientId is not set.");
        }

        if (!string.IsNullOrWhiteSpace(ClientSecret) && !string.IsNullOrWhiteSpace(ClientSecretFile))
        {
            problems.Add("both Dashboard:Oidc:ClientSecret and ClientSecretFile are set; give one.");
        }

        if (!string.IsNullOrWhiteSpace(ClientSecretFile) && !File.Exists(ClientSecretFile))
        {
            problems.Add($"Dashboard:Oidc:ClientSecretFile '{ClientSecretFile}' does not exist.");
        }

        return problems;
    }

    /// <summary>The client secret, from the file if one is named; null for a public client.</summary>
    public string? Secret() =>
        string.IsNullOrWhiteSpace(ClientSecretFile) ? ClientSecret : File.ReadAllText(ClientSecretFile).Trim();
}
