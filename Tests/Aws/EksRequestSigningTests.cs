using Amazon.Runtime;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Aws;

/// <summary>
/// The SigV4 signature of the silo's <c>eks:DescribeCluster</c> request is the one botocore's <c>SigV4Auth</c> computes
/// for the same request (the expected headers were made with it): neither moto nor the emulator checks signatures, AWS does.
/// </summary>
public sealed class EksRequestSigningTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 7, 55, 10, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "host;x-amz-date", "8ed82f79e5d608af97ee8b53592339c22c64b79efaee546a1c99e6101173b89c")]
    [InlineData("SESSIONTOKEN", "host;x-amz-date;x-amz-security-token", "92a65b9b1893bcee1a81f080d9f43e071a935d38c4640940a8c6f54fdbd3db0b")]
    public void The_signature_is_botocores(string? token, string signedHeaders, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://eks.eu-west-1.amazonaws.com/clusters/team-a");

        EksClusters.Sign(request, "eu-west-1", new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token ?? string.Empty), At);

        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/eu-west-1/eks/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}",
            request.Headers.Authorization!.ToString());
        Assert.Equal("20261202T075510Z", Assert.Single(request.Headers.GetValues("x-amz-date")));
    }
}
