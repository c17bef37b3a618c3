using System.Diagnostics;
using AwsMultiEni.Agent.Netlink;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Interfaces;

/// <summary>
/// The instance's primary MAC address as EC2 instance metadata gives it (IMDSv2: a session token from
/// <c>PUT /latest/api/token</c>, then <c>GET /latest/meta-data/mac</c> with it). The primary ENI never changes
/// for the life of an instance, so an answer is kept; where there is no answer (not on EC2, IMDS turned off, a
/// hop limit the agent is beyond) that is said once and asked again only after <see cref="AskAgainAfter"/>, so an
/// apply never waits on it more than once in a while. Proxies are bypassed: IMDS is reached directly or not at all.
/// </summary>
public sealed partial class InstanceMetadata : IDisposable
{
    public static readonly Uri DefaultEndpoint = new("http://169.254.169.254");

    /// <summary>IMDS answers within milliseconds on EC2; longer means there is none.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan AskAgainAfter = TimeSpan.FromMinutes(5);

    private const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    private const string TokenHeader = "X-aws-ec2-metadata-token";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly ILogger<InstanceMetadata> _logger;
    private string? _primaryMac;
    private long _askAgainAt;
    private int _absenceLogged;

    public InstanceMetadata(Uri endpoint, ILogger<InstanceMetadata> logger)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = Timeout }) { Timeout = Timeout };
        _endpoint = endpoint;
        _logger = logger;
    }

    /// <summary>Why <paramref name="endpoint"/> cannot be instance metadata's address, or null.</summary>
    public static string? ProblemWith(string? endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? null
            : $"'{endpoint}' is not an absolute http URL like {DefaultEndpoint}.";

    /// <summary>The primary MAC in canonical form, or null where instance metadata does not answer.</summary>
    public async Task<string?> PrimaryMacAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _primaryMac) is { } known)
        {
            return known;
        }

        if (Stopwatch.GetTimestamp() < Interlocked.Read(ref _askAgainAt))
        {
            return null;
        }

        try
        {
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint, "/latest/api/token"));
            tokenRequest.Headers.Add(TokenTtlHeader, "60");
            var token = await AskAsync(tokenRequest, cancellationToken);
            using var macRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(_endpoint, "/latest/meta-data/mac"));
            macRequest.Headers.Add(TokenHeader, token);
            var mac = MacAddressText.Normalize(await AskAsync(macRequest, cancellationToken));
            Volatile.Write(ref _primaryMac, mac);
            return mac;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or FormatException)
        {
            Interlocked.Exchange(ref _askAgainAt, Stopwatch.GetTimestamp() + (long)(AskAgainAfter.TotalSeconds * Stopwatch.Frequency));
            if (Interlocked.Exchange(ref _absenceLogged, 1) == 0)
            {
                LogNoPrimaryMac(_endpoint, ex.Message);
            }

            return null;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> AskAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No primary MAC from instance metadata at {Endpoint} ({Error}); the primary interface is still known by device index 0 and the default route. Said once")]
    private partial void LogNoPrimaryMac(Uri endpoint, string error);
}
