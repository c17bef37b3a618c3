using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Ec2;

namespace AwsMultiEni.Tests.Aws;

/// <summary>
/// The silo's <c>eks:DescribeCluster</c> client against moto's EKS and the EC2 emulator's: both answer a known cluster
/// with its endpoint and CA data, and an unknown one with <c>ResourceNotFoundException</c>, so each keeps the other honest.
/// </summary>
public sealed class EksClustersContractTests(SharedMotoServer moto)
{
    [Fact]
    public async Task Moto_describes_a_cluster_it_created_and_refuses_an_unknown_one()
    {
        var name = $"contract-{Guid.NewGuid():N}"[..24];
        using var http = new HttpClient { BaseAddress = moto.Url };
        using var create = new HttpRequestMessage(HttpMethod.Post, "/clusters")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["name"] = name,
                ["roleArn"] = "arn:aws:iam::123456789012:role/eks",
                ["resourcesVpcConfig"] = new JsonObject { ["subnetIds"] = new JsonArray("subnet-0123456789abcdef0") },
            }),
        };
        // moto routes by the signature's service; it does not check the signature itself.
        create.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=test/20260101/{moto.Region}/eks/aws4_request, SignedHeaders=host, Signature=0");
        using var created = await http.SendAsync(create, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        var cluster = (await created.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["cluster"]!;

        await AssertContractAsync(moto.Url, moto.Region, name, new Uri((string)cluster["endpoint"]!), (string)cluster["certificateAuthority"]!["data"]!);
    }

    [Fact]
    public async Task The_emulator_describes_a_cluster_it_was_given_and_refuses_an_unknown_one()
    {
        await using var ec2 = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions.BoundToFleetKey(), cancellationToken: TestContext.Current.CancellationToken);
        var endpoint = new Uri("https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com");
        ec2.EksClusters.Add("team-a", endpoint, "Q0EgZGF0YQ==");

        await AssertContractAsync(ec2.Url, "us-east-1", "team-a", endpoint, "Q0EgZGF0YQ==");
        Assert.Empty(ec2.Calls.Denials());
    }

    private static async Task AssertContractAsync(Uri url, string region, string name, Uri endpoint, string certificateAuthority)
    {
        using var identities = new AwsIdentities(TimeProvider.System, Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId));
        using var eks = new EksClusters(identities, TimeProvider.System, new AwsServiceUrls(Eks: url));

        Assert.Equal(new EksClusterFacts(name, endpoint, certificateAuthority), await eks.DescribeAsync(region, name, null, TestContext.Current.CancellationToken));
        var unknown = await Assert.ThrowsAsync<EksRequestException>(() => eks.DescribeAsync(region, "no-such-cluster", null, TestContext.Current.CancellationToken));
        Assert.Equal("ResourceNotFoundException", unknown.Code);
    }
}
