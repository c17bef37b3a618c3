using System.Collections.Concurrent;
using System.Security.Claims;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AwsMultiEni.Tests.Dashboard.SignIn;

/// <summary>A person the provider signs in: the subject, the name the dashboard shows, and the groups its ID token lists.</summary>
internal sealed record TestUser(string Subject, string Name, IReadOnlyList<string> Groups);

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server) on a loopback port: discovery, JWKS, the authorization
/// code flow with PKCE, ID tokens signed with a key made at start, and end session. It knows one confidential
/// client, whose redirect URIs must be the dashboard's, and its authorization endpoint signs in
/// <see cref="NextUser"/> without asking, as a provider with a live session at the user's browser would.
/// </summary>
internal sealed class TestOidcProvider(WebApplication app, string url) : IAsyncDisposable
{
    public const string ClientId = "awsmultieni-dashboard";

    public const string ClientSecret = "dashboard-secret";

    public string Url => url;

    /// <summary>Who the next authorization request signs in.</summary>
    public TestUser NextUser { get; set; } = new("alice", "Alice Operator", ["fleet-operators"]);

    /// <summary>Every authorization, token and end-session request that reached the provider, as <c>endpoint</c> names, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<TestOidcProvider> StartAsync(string dashboardUrl)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/";
        TestOidcProvider? provider = null;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            // No application store: the handlers below do what one would, for the single client.
            options.EnableDegradedMode();
            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();
            options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                provider!.Requests.Enqueue("authorize");
                if (context.ClientId != ClientId || context.RedirectUri != dashboardUrl + "signin-oidc")
                {
                    context.Reject(Errors.InvalidRequest, $"Unknown client {context.ClientId} or redirect URI {context.RedirectUri}.");
                }

                return default;
            }));
            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                provider!.Requests.Enqueue("token");
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            options.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                provider!.Requests.Enqueue("endsession");
                if (context.PostLogoutRedirectUri is { } redirect && redirect != dashboardUrl + "signout-callback-oidc")
                {
                    context.Reject(Errors.InvalidRequest, $"Unknown post-logout redirect URI {redirect}.");
                }

                return default;
            }));
        });

        var app = builder.Build();
        app.MapMethods("connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            var user = provider!.NextUser;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, "groups");
            identity.AddClaim(new Claim(Claims.Subject, user.Subject));
            identity.AddClaim(new Claim(Claims.Name, user.Name));
            foreach (var group in user.Groups)
            {
                identity.AddClaim(new Claim("groups", group));
            }

            var principal = new ClaimsPrincipal(identity);
            principal.SetScopes(request.GetScopes());
            principal.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapMethods("connect/endsession", [HttpMethods.Get, HttpMethods.Post], () =>
            Results.SignOut(new AuthenticationProperties(), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
        provider = new TestOidcProvider(app, url);
        await app.StartAsync(TestContext.Current.CancellationToken);
        // Serving its discovery document once is when the provider is ready: the first request builds its handler
        // pipeline, which takes seconds on a busy machine and would otherwise count against the browser's navigation.
        using var http = new HttpClient();
        (await http.GetAsync(url + ".well-known/openid-configuration", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
