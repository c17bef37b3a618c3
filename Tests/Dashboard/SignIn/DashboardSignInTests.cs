using System.Net;
using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Dashboard.SignIn;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static AwsMultiEni.Tests.Dashboard.FleetWorld;

namespace AwsMultiEni.Tests.Dashboard.SignIn;

/// <summary>
/// The dashboard with OpenID Connect sign-in against a real provider on loopback (<see cref="TestOidcProvider"/>),
/// driven over HTTP and in the real Chromium: pages and the Blazor hub need a signed-in user, health does not; a
/// visitor goes through the provider and comes back to the fleet under their name, and signs out at both ends; a user
/// outside the allowed groups is refused; the address a trusted proxy forwards is the one redirect URIs carry.
/// </summary>
public sealed class DashboardSignInTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };

    /// <summary>A navigation through the provider and back: four requests, the dashboard's first to the provider among them.</summary>
    private const float RoundTrip = 45_000;
    private readonly string _dashboardUrl = $"http://127.0.0.1:{FreePort.Next()}/";
    private TestOidcProvider _provider = null!;
    private DashboardHost _host = null!;
    private IBrowserContext _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync(_dashboardUrl);
        var (overview, rows) = Fleet();
        var grains = new FakeClusterClient().Add<IFleetIndexGrain>(IFleetIndexGrain.Key, new FakeFleetIndex(overview, rows));
        var settings = new DashboardSettings
        {
            Oidc = new DashboardOidcSettings
            {
                Authority = _provider.Url,
                ClientId = TestOidcProvider.ClientId,
                ClientSecret = TestOidcProvider.ClientSecret,
                AllowedGroups = ["fleet-operators"],
                RequireHttpsMetadata = false,
            },
            TrustedProxies = ["127.0.0.1"],
        };
        _host = await DashboardHost.StartAsync(grains, settings, _dashboardUrl);
        _browser = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
    }

    [Fact]
    public async Task Pages_and_the_blazor_hub_send_an_anonymous_caller_to_the_provider_and_health_stays_open()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_dashboardUrl) };
        var cancellation = TestContext.Current.CancellationToken;

        foreach (var request in new[] { new HttpRequestMessage(HttpMethod.Get, "/"), new HttpRequestMessage(HttpMethod.Get, "clusters/prod-a"), new HttpRequestMessage(HttpMethod.Post, "_blazor/negotiate?negotiateVersion=1") })
        {
            using var response = await http.SendAsync(request, cancellation);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var authorize = AuthorizeRequest(response);
            Assert.Equal((TestOidcProvider.ClientId, _dashboardUrl + "signin-oidc", "code", "S256"), (authorize["client_id"].ToString(), authorize["redirect_uri"].ToString(), authorize["response_type"].ToString(), authorize["code_challenge_method"].ToString()));
            Assert.Contains("openid", authorize["scope"].ToString().Split(' '));
        }

        using var health = await http.GetAsync("healthz", cancellation);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (health.StatusCode, await health.Content.ReadAsStringAsync(cancellation)));

        // Behind an ingress that terminates TLS: the redirect URI is the public one the proxy forwarded.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        forwarded.Headers.Add("X-Forwarded-Host", "fleet.example.com");
        using var behindProxy = await http.SendAsync(forwarded, cancellation);
        Assert.Equal("https://fleet.example.com/signin-oidc", AuthorizeRequest(behindProxy)["redirect_uri"].ToString());
    }

    [Fact]
    public async Task A_visitor_signs_in_at_the_provider_sees_the_fleet_under_their_name_and_signs_out_at_both_ends()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_dashboardUrl, new() { Timeout = RoundTrip });

        await Assertions.Expect(page.GetByTestId("fleet-page")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Alice Operator", Soon);
        await Assertions.Expect(page.GetByTestId("summary-clusters")).ToHaveTextAsync("2", Soon);
        Assert.Equal(["authorize", "token"], _provider.Requests);
        Assert.Contains(await _browser.CookiesAsync(), c => c.Name.StartsWith(DashboardSignInExtensions.CookieName, StringComparison.Ordinal));

        await page.GetByTestId("sign-out").ClickAsync();

        await page.WaitForURLAsync("**" + DashboardSignInExtensions.SignedOutPath, new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
        // After these the browser may ask for what the signed-out page lacks (its favicon), and so go to the provider again.
        Assert.Equal(["authorize", "token", "endsession"], _provider.Requests.Take(3));
        Assert.DoesNotContain(await _browser.CookiesAsync(), c => c.Name.StartsWith(DashboardSignInExtensions.CookieName, StringComparison.Ordinal));
        var again = await _browser.APIRequest.GetAsync(_dashboardUrl, new() { MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        Assert.StartsWith(_provider.Url + "connect/authorize?", again.Headers["location"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_outside_the_allowed_groups_is_refused_with_403()
    {
        _provider.NextUser = new TestUser("bob", "Bob Developer", ["developers"]);
        var page = await _browser.NewPageAsync();

        // The provider answers with a form the browser posts back to the dashboard, which then sends it to the page again.
        var response = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(_dashboardUrl, new() { Timeout = RoundTrip }), r => r.Url == _dashboardUrl && r.Request.RedirectedFrom is not null, new() { Timeout = RoundTrip });

        Assert.Equal(403, response.Status);
        Assert.Equal(["authorize", "token"], _provider.Requests);
        Assert.Equal(0, await page.GetByTestId("fleet-page").CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>The query of the provider's authorization request a redirect points at.</summary>
    private Dictionary<string, Microsoft.Extensions.Primitives.StringValues> AuthorizeRequest(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        Assert.StartsWith(_provider.Url + "connect/authorize?", location.ToString(), StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query);
    }
}
