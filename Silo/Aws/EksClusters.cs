using AwsMultiEni.Abstractions.Fleet;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using AwsMultiEni.Silo.Kubernetes;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// <c>eks:DescribeCluster</c> over EKS's REST API (<c>GET /clusters/NAME</c>, JSON), signed with SigV4 by hand as the
/// EKS token is: no AWSSDK.EKS package is available to the build. The endpoint follows the SDK's conventions
/// (<c>AWS_ENDPOINT_URL_EKS</c>, then <c>AWS_ENDPOINT_URL</c>, else <c>https://eks.REGION.amazonaws.com</c>), or
/// <see cref="AwsServiceUrls.Eks"/> in test worlds.
/// </summary>
internal sealed class EksClusters(AwsIdentities identities, TimeProvider clock, AwsServiceUrls? urls = null) : IEksClusters, IDisposable
{
    private const string Service = "eks";
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http = new() { Timeout = Timeout };

    public async Task<EksClusterFacts> DescribeAsync(string region, string clusterName, MemberRole? role, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        AWSCredentials credentials = role is null ? identities.Own : identities.For(region, role, RoleArn.SessionName(clusterName));
        var uri = new Uri(Endpoint(region), $"clusters/{Uri.EscapeDataString(clusterName)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        Sign(request, region, await credentials.GetCredentialsAsync(), clock.GetUtcNow());
        string body;
        System.Net.HttpStatusCode status;
        string? errorType;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            status = response.StatusCode;
            errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0] : null;
        }
        catch (HttpRequestException ex)
        {
            throw new EksRequestException("NetworkError", $"eks:DescribeCluster {clusterName} in {region} at {uri.GetLeftPart(UriPartial.Authority)}: {ex.Message}", ex);
        }

        using var json = Parse(body);
        if ((int)status is < 200 or > 299)
        {
            var message = json?.RootElement.TryGetProperty("message", out var m) == true ? m.GetString() : body;
            throw new EksRequestException(errorType ?? $"Http{(int)status}", $"eks:DescribeCluster {clusterName} in {region}: {message}");
        }

        if (json?.RootElement.TryGetProperty("cluster", out var cluster) != true
            || cluster.TryGetProperty("endpoint", out var endpoint) != true || endpoint.GetString() is not { } endpointText
            || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpointUri))
        {
            throw new EksRequestException("InvalidResponse", $"eks:DescribeCluster {clusterName} in {region} reported no endpoint (the cluster may still be creating).");
        }

        var authority = cluster.TryGetProperty("certificateAuthority", out var ca) && ca.TryGetProperty("data", out var data) ? data.GetString() ?? string.Empty : string.Empty;
        return new EksClusterFacts(clusterName, endpointUri, authority);
    }

    public void Dispose() => _http.Dispose();

    private Uri Endpoint(string region)
    {
        var configured = urls?.Eks?.ToString()
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_EKS")
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL")
            ?? $"https://eks.{region}.amazonaws.com";
        return new Uri(configured.EndsWith('/') ? configured : configured + "/");
    }

    private static JsonDocument? Parse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>SigV4 in the Authorization header over host, x-amz-date (and the session token when there is one).</summary>
    internal static void Sign(HttpRequestMessage request, string region, ImmutableCredentials credentials, DateTimeOffset now)
    {
        var uri = request.RequestUri!;
        var time = now.UtcDateTime;
        var date = time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{Service}/aws4_request";
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority, ["x-amz-date"] = amzDate };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            "GET",
            uri.AbsolutePath,
            string.Empty,
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData([])));
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(EksToken.SigningKey(credentials.SecretKey, date, region, Service), Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("x-amz-security-token", credentials.Token);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue(Algorithm, $"Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }
}
