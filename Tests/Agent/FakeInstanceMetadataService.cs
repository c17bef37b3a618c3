using System.Collections.Concurrent;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// EC2 instance metadata as IMDSv2 answers it, on a loopback port of its own (Kestrel): a token only for a
/// <c>PUT /latest/api/token</c> that asks for a TTL, and <c>/latest/meta-data/mac</c> only with that token (401 without).
/// </summary>
internal sealed class FakeInstanceMetadataService : IAsyncDisposable
{
    private const string Token = "AQAEAFakeImdsV2Token==";

    private readonly WebApplication _app;

    private FakeInstanceMetadataService(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Every request as <c>METHOD path</c>, with <c>(token)</c> when it carried the session token.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeInstanceMetadataService> StartAsync(string primaryMac)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var service = new FakeInstanceMetadataService(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPut("/latest/api/token", (HttpRequest request) =>
        {
            service.Requests.Enqueue("PUT /latest/api/token");
            return int.TryParse(request.Headers["X-aws-ec2-metadata-token-ttl-seconds"], out var ttl) && ttl is >= 1 and <= 21600
                ? Results.Text(Token)
                : Results.BadRequest();
        });
        app.MapGet("/latest/meta-data/mac", (HttpRequest request) =>
        {
            var authorized = request.Headers["X-aws-ec2-metadata-token"] == Token;
            service.Requests.Enqueue(authorized ? "GET /latest/meta-data/mac (token)" : "GET /latest/meta-data/mac");
            return authorized ? Results.Text(primaryMac) : Results.Unauthorized();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
