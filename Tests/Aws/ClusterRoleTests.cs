using AwsMultiEni.Abstractions.Fleet;
using System.Net;
using System.Text;
using System.Web;
using Amazon.Runtime;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Ec2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Aws;

/// <summary>
/// Multi-account: a cluster that names a role has its EC2 calls and its EKS token signed with that role's credentials,
/// assumed through STS (moto's) from the silo's own; a cluster without one uses the silo's own. EC2 is the project's
/// emulator, which logs the access key of every call.
/// </summary>
public sealed class ClusterRoleTests(SharedMotoServer moto, Ec2EmulatorFixture ec2) : IClassFixture<Ec2EmulatorFixture>
{
    private const string Region = "us-east-1";
    private const string MemberRoleArn = "arn:aws:iam::111111111111:role/awsmultieni-member";
    private static readonly MemberRole Member = new(MemberRoleArn);
    private const string InstanceId = "i-0123456789abcdef0";

    [Fact]
    public async Task A_cluster_with_a_role_calls_EC2_with_the_assumed_credentials_and_one_without_with_the_silos_own()
    {
        await using var services = Services(moto.Url);
        var factory = services.GetRequiredService<IEc2GatewayFactory>();
        ec2.Emulator.Calls.Clear();

        await factory.ForRegion(Region).DescribeInstanceAsync(InstanceId, TestContext.Current.CancellationToken);
        await factory.ForRegion(Region, Member).DescribeInstanceAsync(InstanceId, TestContext.Current.CancellationToken);

        var assumed = await services.GetRequiredService<AwsIdentities>().For(Region, Member, RoleArn.SessionName($"ec2-{Region}")).GetCredentialsAsync();
        Assert.StartsWith("ASIA", assumed.AccessKey, StringComparison.Ordinal);
        Assert.True(assumed.UseToken);
        var keys = ec2.Emulator.Calls.Records.Where(r => r.Action == "DescribeInstances").Select(r => r.AccessKeyId).ToHashSet();
        Assert.Equal(new HashSet<string?> { Ec2TestClients.FleetAccessKeyId, assumed.AccessKey }, keys);
        Assert.Same(factory.ForRegion(Region, Member), factory.ForRegion(Region, Member));
        Assert.NotSame(factory.ForRegion(Region), factory.ForRegion(Region, Member));
    }

    [Fact]
    public void Budgets_are_per_account_and_region_so_roles_of_one_account_share_theirs_apart_from_the_silos_own()
    {
        using var services = new ServiceCollection().AddLogging().AddEc2Gateway(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var budgets = services.GetRequiredService<Ec2BudgetRegistry>();
        var member = RoleArn.Account(MemberRoleArn);

        Assert.Equal("111111111111", member);
        Assert.Equal("222222222222", RoleArn.Account("arn:aws-cn:iam::222222222222:role/team/awsmultieni-member"));
        Assert.Null(RoleArn.Account("arn:aws:iam::111111111111:user/awsmultieni-member"));
        Assert.Same(budgets.For(Region, member), budgets.For(Region, RoleArn.Account("arn:aws:iam::111111111111:role/awsmultieni-other")));
        Assert.NotSame(budgets.For(Region), budgets.For(Region, member));
        Assert.NotSame(budgets.For(Region, member), budgets.For("eu-west-1", member));
    }

    [Fact]
    public async Task The_EKS_token_of_a_cluster_with_a_role_is_presigned_with_the_assumed_credentials_and_without_one_with_the_silos_own()
    {
        await using var services = Services(moto.Url);
        var identities = services.GetRequiredService<AwsIdentities>();

        var (memberKey, memberToken) = await TokenCredentialAsync(services, "member-1", Member);
        var (ownKey, ownToken) = await TokenCredentialAsync(services, "home-1", role: null);

        var assumed = await identities.For(Region, Member, "awsmultieni-member-1").GetCredentialsAsync();
        Assert.Equal((assumed.AccessKey, assumed.Token), (memberKey, memberToken));
        Assert.Equal((Ec2TestClients.FleetAccessKeyId, null), (ownKey, ownToken));
    }

    [Fact]
    public async Task Assumed_credentials_are_reused_until_shortly_before_they_expire_then_assumed_again()
    {
        var clock = new Kubernetes.ManualClock(DateTimeOffset.UtcNow);
        var duration = TimeSpan.FromHours(1);
        using var sts = new Amazon.SecurityToken.AmazonSecurityTokenServiceClient(
            Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId),
            new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { ServiceURL = moto.Url.ToString(), AuthenticationRegion = Region });
        using var credentials = new AssumedRoleCredentials(sts, Member, "awsmultieni-refresh", duration, clock);

        var first = (await credentials.GetCredentialsAsync()).AccessKey;
        clock.Advance(duration - AssumedRoleCredentials.RefreshBefore - TimeSpan.FromSeconds(1));
        var beforeRefresh = (await credentials.GetCredentialsAsync()).AccessKey;
        clock.Advance(TimeSpan.FromSeconds(1));
        var refreshed = (await credentials.GetCredentialsAsync()).AccessKey;

        Assert.Equal(first, beforeRefresh);
        Assert.NotEqual(first, refreshed);
        // An EKS token is used until its refresh: it must never outlive the credentials that signed it.
        Assert.True(AssumedRoleCredentials.RefreshBefore >= EksTokenProvider.RefreshAfter);
    }

    [Fact]
    public async Task A_role_that_cannot_be_assumed_fails_the_clusters_EC2_calls_with_a_clear_error_and_no_call_reaches_EC2()
    {
        await using var services = Services(new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        ec2.Emulator.Calls.Clear();

        var check = await Assert.ThrowsAsync<AssumeRoleFailedException>(() => services.GetRequiredService<AwsIdentities>().CheckAsync(Region, Member, "awsmultieni-member-1"));
        var call = await Assert.ThrowsAsync<Ec2RequestException>(() => services.GetRequiredService<IEc2GatewayFactory>().ForRegion(Region, Member).DescribeInstanceAsync(InstanceId, TestContext.Current.CancellationToken));

        Assert.StartsWith($"Cannot assume role {MemberRoleArn}: NetworkError", check.Message, StringComparison.Ordinal);
        Assert.False(check.Refused);
        Assert.Equal(("AssumeRoleFailed", Ec2ErrorKind.Transient), (call.ErrorCode, call.Kind));
        Assert.Contains(MemberRoleArn, call.AwsMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(ec2.Emulator.Calls.Records, r => r.Action == "DescribeInstances");
    }

    /// <summary>The silo's EC2 and Kubernetes services, signing as the fleet, with EC2 at the emulator and STS at <paramref name="sts"/>.</summary>
    private ServiceProvider Services(Uri sts)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Ec2:Region"] = Region,
            ["Aws:Ec2:MaxAttempts"] = "2",
            ["Aws:Ec2:BaseRetryDelay"] = "00:00:00.002",
            ["Aws:Ec2:DescribeInterval"] = "00:00:00.05",
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId))
            .AddSingleton(new AwsServiceUrls(ec2.Emulator.Url, sts))
            .AddEc2Gateway(configuration)
            .AddClusterConnections(configuration)
            .BuildServiceProvider();
    }

    /// <summary>
    /// The access key and session token in the EKS token that the cluster's connection sends: the API server is a
    /// loopback listener that takes the bearer token and answers 404.
    /// </summary>
    private static async Task<(string AccessKey, string? SessionToken)> TokenCredentialAsync(ServiceProvider services, string cluster, MemberRole? role)
    {
        var port = FreePort.Next();
        using var apiServer = new HttpListener();
        apiServer.Prefixes.Add($"http://127.0.0.1:{port}/");
        apiServer.Start();
        var settings = new ClusterConnectionSettings(cluster) { Eks = new EksClusterSettings(cluster, new Uri($"http://127.0.0.1:{port}"), string.Empty, Region, role) };
        await using var connection = services.GetRequiredService<IClusterConnectionFactory>().Create(settings);

        var exists = connection.NodeExistsAsync("node-1", TestContext.Current.CancellationToken);
        var request = await apiServer.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var authorization = request.Request.Headers["Authorization"] ?? string.Empty;
        request.Response.StatusCode = 404;
        request.Response.Close();
        Assert.False(await exists);

        Assert.StartsWith("Bearer " + EksToken.Prefix, authorization, StringComparison.Ordinal);
        var encoded = authorization[("Bearer " + EksToken.Prefix).Length..].Replace('-', '+').Replace('_', '/');
        var url = new Uri(Encoding.UTF8.GetString(Convert.FromBase64String(encoded.PadRight(encoded.Length + ((4 - (encoded.Length % 4)) % 4), '='))));
        var query = HttpUtility.ParseQueryString(url.Query);
        return (query["X-Amz-Credential"]!.Split('/')[0], query["X-Amz-Security-Token"]);
    }
}
