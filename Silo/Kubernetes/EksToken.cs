using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>
/// The EKS bearer token, as <c>aws eks get-token</c> and aws-iam-authenticator make it:
/// <c>k8s-aws-v1.</c> + base64url (no padding) of an STS <c>GetCallerIdentity</c> URL presigned
/// with SigV4 for 60 seconds, with the cluster name signed in as the <c>x-k8s-aws-id</c> header.
/// The API server replays the URL to STS to learn who is calling.
/// </summary>
public static class EksToken
{
    public const string Prefix = "k8s-aws-v1.";
    public const string ClusterIdHeader = "x-k8s-aws-id";

    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Service = "sts";
    private const string SignedHeaders = "host;" + ClusterIdHeader;

    public static string Create(string clusterName, string region, ImmutableCredentials credentials, DateTimeOffset now) =>
        Prefix + Base64Url(PresignedUrl(clusterName, region, credentials, now).AbsoluteUri);

    public static Uri PresignedUrl(string clusterName, string region, ImmutableCredentials credentials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var host = $"sts.{region}.amazonaws.com";
        var time = now.UtcDateTime;
        var date = time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{Service}/aws4_request";
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = "GetCallerIdentity",
            ["Version"] = "2011-06-15",
            ["X-Amz-Algorithm"] = Algorithm,
            ["X-Amz-Credential"] = $"{credentials.AccessKey}/{scope}",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Expires"] = "60",
            ["X-Amz-SignedHeaders"] = SignedHeaders,
        };
        if (credentials.UseToken)
        {
            parameters["X-Amz-Security-Token"] = credentials.Token;
        }

        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var canonicalRequest = string.Join('\n',
            "GET",
            "/",
            query,
            $"host:{host}",
            $"{ClusterIdHeader}:{clusterName}",
            string.Empty,
            SignedHeaders,
            Hex(SHA256.HashData([])));
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var signature = Hex(HMACSHA256.HashData(SigningKey(credentials.SecretKey, date, region, Service), Encoding.UTF8.GetBytes(stringToSign)));
        return new Uri($"https://{host}/?{query}&X-Amz-Signature={signature}");
    }

    /// <summary>The SigV4 signing key: HMAC chain of date, region, service and <c>aws4_request</c>.</summary>
    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
