using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Web;
using Amazon.Runtime;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>The EKS IAM token: its documented shape, its signature checked against botocore, and its refresh.</summary>
public sealed class EksTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly ImmutableCredentials Session = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token/with+chars=");

    [Fact]
    public void Token_is_the_prefixed_unpadded_base64url_of_a_presigned_GetCallerIdentity_url()
    {
        var token = EksToken.Create("prod-eu", "eu-west-1", Session, Now);

        Assert.StartsWith("k8s-aws-v1.", token, StringComparison.Ordinal);
        var encoded = token["k8s-aws-v1.".Length..];
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);
        var url = new Uri(Encoding.UTF8.GetString(Base64UrlDecode(encoded)));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(("https", "sts.eu-west-1.amazonaws.com", "/"), (url.Scheme, url.Host, url.AbsolutePath));
        Assert.Equal("GetCallerIdentity", query["Action"]);
        Assert.Equal("2011-06-15", query["Version"]);
        Assert.Equal("AWS4-HMAC-SHA256", query["X-Amz-Algorithm"]);
        Assert.Equal("AKIDEXAMPLE/20260102/eu-west-1/sts/aws4_request", query["X-Amz-Credential"]);
        Assert.Equal("20260102T030405Z", query["X-Amz-Date"]);
        Assert.Equal("60", query["X-Amz-Expires"]);
        Assert.Equal("host;x-k8s-aws-id", query["X-Amz-SignedHeaders"]);
        Assert.Equal("session-token/with+chars=", query["X-Amz-Security-Token"]);
        Assert.Matches("^[0-9a-f]{64}$", query["X-Amz-Signature"]);
        Assert.NotEqual(token, EksToken.Create("prod-us", "eu-west-1", Session, Now));
    }

    [Fact]
    public void Signing_key_matches_the_AWS_documented_example()
    {
        var key = EksToken.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public async Task Signature_matches_what_botocore_signs_for_the_same_request_and_time()
    {
        var url = EksToken.PresignedUrl("prod-eu", "eu-west-1", Session, Now);

        var botocore = await BotocoreSignatureAsync("prod-eu", "eu-west-1", Session, Now);

        Assert.Equal(botocore, HttpUtility.ParseQueryString(url.Query)["X-Amz-Signature"]);
    }

    [Fact]
    public async Task Provider_reuses_the_token_and_mints_a_new_one_before_the_fifteen_minutes_run_out()
    {
        var clock = new ManualClock(Now);
        var provider = new EksTokenProvider(new EksClusterSettings("prod-eu", new Uri("https://example.eks.amazonaws.com"), "", "eu-west-1"), new BasicAWSCredentials("AKIDEXAMPLE", "secret"), clock);
        var ct = TestContext.Current.CancellationToken;

        var first = await provider.GetTokenAsync(ct);
        clock.Advance(TimeSpan.FromMinutes(9));
        var reused = await provider.GetTokenAsync(ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await provider.GetTokenAsync(ct);
        var header = await provider.GetAuthenticationHeaderAsync(ct);

        Assert.Equal(first, reused);
        Assert.NotEqual(first, refreshed);
        Assert.Equal(("Bearer", refreshed), (header.Scheme, header.Parameter));
        Assert.True(EksTokenProvider.RefreshAfter < TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task An_EKS_connection_sends_the_token_as_its_bearer_credential()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var cluster = env[0];
        cluster.AddNode(SimulatedNode.ForIndex(cluster.Name, 1));
        var eks = new EksClusterSettings("prod-eu", cluster.Url, SelfSignedAuthority(), "eu-west-1");
        await using var connection = ClusterConnection.Create(
            new ClusterConnectionSettings("prod-eu") { Eks = eks },
            KubeTestEnvironment.FastWatch,
            env.KubernetesMetrics,
            NullLoggerFactory.Instance,
            new ManualClock(Now),
            new BasicAWSCredentials("AKIDEXAMPLE", "secret"));
        var log = env.Watch(connection.WatchNodes());

        await log.WaitForAsync(c => c.Object.Name == $"{cluster.Name}-node-1", "the node listed through the EKS connection");

        Assert.StartsWith("Bearer k8s-aws-v1.", cluster.LastAuthorization, StringComparison.Ordinal);
        Assert.Equal($"Bearer {EksToken.Create("prod-eu", "eu-west-1", new ImmutableCredentials("AKIDEXAMPLE", "secret", null), Now)}", cluster.LastAuthorization);
    }

    private static string SelfSignedAuthority()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()));
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    /// <summary>botocore (shipped with moto, so present wherever the tests run) presigns the same request: an independent SigV4.</summary>
    private static async Task<string> BotocoreSignatureAsync(string cluster, string region, ImmutableCredentials credentials, DateTimeOffset now)
    {
        const string Script = """
            import sys, datetime
            from unittest import mock
            import botocore.auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            cluster, region, access, secret, token, stamp = sys.argv[1:7]
            moment = datetime.datetime.strptime(stamp, '%Y%m%dT%H%M%SZ')
            with mock.patch('botocore.auth.get_current_datetime', return_value=moment):
                request = AWSRequest(method='GET', url=f'https://sts.{region}.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15', headers={'x-k8s-aws-id': cluster})
                botocore.auth.SigV4QueryAuth(Credentials(access, secret, token), 'sts', region, expires=60).add_auth(request)
            print(request.url.rsplit('X-Amz-Signature=', 1)[1])
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", Script, cluster, region, credentials.AccessKey, credentials.SecretKey, credentials.Token, now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await error);
        return (await output).Trim();
    }
}
