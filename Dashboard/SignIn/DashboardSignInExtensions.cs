using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AwsMultiEni.Dashboard.SignIn;

/// <summary>
/// Optional sign-in for the standalone dashboard: with <see cref="DashboardOidcSettings.Authority"/> set, every page,
/// the Blazor hub and the static assets need a user signed in through the provider (a cookie session after the
/// authorization code flow), and, with allowed groups, one of them. Without it nothing changes: the Sandbox's
/// dashboard, which never calls this, stays open.
/// </summary>
public static class DashboardSignInExtensions
{
    public const string SignOutPath = "/signout";

    public const string SignedOutPath = "/signed-out";

    public const string CookieName = ".AwsMultiEni.Dashboard";

    private const string SignedOutPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><title>Signed out - AwsMultiEni fleet</title></head>
        <body><p data-testid="signed-out">You have signed out of the AwsMultiEni dashboard.</p><p><a href="/">Sign in again</a></p></body>
        </html>
        """;

    /// <summary>Registers sign-in and the trusted proxies as <paramref name="settings"/> say; refuses settings it cannot use, saying why.</summary>
    public static IServiceCollection AddDashboardSignIn(this IServiceCollection services, DashboardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException($"The dashboard cannot start: {string.Join(" ", problems)}");
        }

        services.AddSingleton(settings);
        if (settings.TrustedProxies.Count > 0)
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
                foreach (var network in settings.ProxyNetworks())
                {
                    o.KnownIPNetworks.Add(network);
                }
            });
        }

        if (settings.Oidc.Enabled)
        {
            AddOpenIdConnect(services, settings.Oidc);
        }

        return services;
    }

    /// <summary>The middleware sign-in needs, ahead of the dashboard's own; nothing unless <see cref="AddDashboardSignIn"/> ran.</summary>
    internal static void UseDashboardSignIn(this WebApplication app)
    {
        if (app.Services.GetService<DashboardSettings>() is not { } settings)
        {
            return;
        }

        if (settings.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (settings.Oidc.Enabled)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
    }

    /// <summary>Sign-out (a form post, so another site cannot sign a user out) and the page it ends on.</summary>
    internal static void MapDashboardSignIn(this WebApplication app)
    {
        if (app.Services.GetService<DashboardSettings>() is not { Oidc.Enabled: true })
        {
            return;
        }

        app.MapPost(SignOutPath, SignOutAsync);
        app.MapGet(SignedOutPath, () => Results.Content(SignedOutPage, "text/html; charset=utf-8")).AllowAnonymous();
    }

    private static void AddOpenIdConnect(IServiceCollection services, DashboardOidcSettings oidc)
    {
        services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // A signed-in user outside the allowed groups is refused here, not sent to an access-denied page
                // the dashboard does not have.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.Secret();
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                // Claims keep the names the provider gave them (name, groups), which the settings use.
                o.MapInboundClaims = false;
                // The ID token is kept in the session to be sent back as id_token_hint when the user signs out.
                o.SaveTokens = true;
                o.Scope.Clear();
                o.Scope.Add(OpenIdConnectScope.OpenId);
                foreach (var scope in oidc.Scopes.DefaultIfEmpty("profile").Where(s => s != OpenIdConnectScope.OpenId))
                {
                    o.Scope.Add(scope);
                }

                o.TokenValidationParameters.NameClaimType = oidc.NameClaim;
                o.TokenValidationParameters.RoleClaimType = oidc.GroupsClaim;
            });

        // A fallback policy rather than one per endpoint: whatever the dashboard maps, now or later, needs a user,
        // and only what says so (health, the signed-out page) is open.
        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser();
        if (oidc.AllowedGroups.Count > 0)
        {
            policy.RequireClaim(oidc.GroupsClaim, oidc.AllowedGroups);
        }

        services.AddAuthorization(o => o.FallbackPolicy = policy.Build());
        services.AddCascadingAuthenticationState();
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, IOptionsMonitor<OpenIdConnectOptions> oidc)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        // Signing out at the provider too, where it offers an end-session endpoint, so the next visit asks again.
        var provider = await oidc.Get(OpenIdConnectDefaults.AuthenticationScheme).ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
        var properties = new AuthenticationProperties { RedirectUri = SignedOutPath };
        return string.IsNullOrEmpty(provider.EndSessionEndpoint)
            ? Results.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme])
            : Results.SignOut(properties, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
    }
}
