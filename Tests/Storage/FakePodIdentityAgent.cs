using System.Collections.Concurrent;
using System.Globalization;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// The EKS Pod Identity agent as a pod sees it, on a loopback port (Kestrel): <c>GET /v1/credentials</c> answers the
/// role's temporary credentials in the container-credentials shape, only to a caller whose <c>Authorization</c> header
/// is the pod's projected service account token (401 otherwise).
/// </summary>
internal sealed class FakePodIdentityAgent : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePodIdentityAgent(WebApplication app, Uri credentialsUrl)
    {
        _app = app;
        CredentialsUrl = credentialsUrl;
    }

    public Uri CredentialsUrl { get; }

    /// <summary>Every request, as <c>authorized</c> or <c>refused</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakePodIdentityAgent> StartAsync(string token)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var agent = new FakePodIdentityAgent(app, new Uri($"http://127.0.0.1:{port}/v1/credentials"));
        app.MapGet("/v1/credentials", (HttpRequest request) =>
        {
            var authorized = request.Headers.Authorization == token;
            agent.Requests.Enqueue(authorized ? "authorized" : "refused");
            return authorized
                ? Results.Json(new Dictionary<string, string>
                {
                    ["AccessKeyId"] = "ASIAPODIDENTITY00001",
                    ["SecretAccessKey"] = "pod-identity-secret-access-key-0000000001",
                    ["Token"] = "pod-identity-session-token",
                    ["AccountId"] = "123456789012",
                    ["Expiration"] = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                })
                : Results.Unauthorized();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
