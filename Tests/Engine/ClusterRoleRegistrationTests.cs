using Amazon.Runtime;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A cluster whose role cannot be assumed (STS out of reach here) is registered all the same, from configuration at
/// silo start or by a client: the silo starts, and the cluster reports the AssumeRole error as its watch error instead
/// of being watched. A RoleArn that is no role ARN is refused at registration.
/// </summary>
public sealed class ClusterRoleRegistrationTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::444455556666:role/awsmultieni-member";
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorageAsDefault().UseInMemoryReminderService());
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(
            [
                new("Aws:Ec2:Region", "us-east-1"), new("Fleet:Clusters:0:Name", "configured"), new("Fleet:Clusters:0:Region", "us-east-1"),
                new("Fleet:Clusters:0:InCluster", "true"), new("Fleet:Clusters:0:RoleArn", Role),
            ]);
            host.Services.AddSingleton<AWSCredentials>(Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId));
            host.Services.AddSingleton(new AwsServiceUrls(Sts: new Uri($"http://127.0.0.1:{FreePort.Next()}")));
            host.Services.AddFleetEngine(host.Configuration);
        });
        _cluster = await TestSilos.DeployAsync(builder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await TestSilos.StopAsync(_cluster);
        }
    }

    [Fact]
    public async Task A_cluster_whose_role_cannot_be_assumed_reports_the_error_and_is_not_watched()
    {
        var fleet = _cluster.Client.GetGrain<IFleetGrain>(IFleetGrain.Key);
        await fleet.Register(new ClusterRegistration { Name = "registered", Region = "us-east-1", InCluster = true, RoleArn = Role });

        foreach (var name in new[] { "configured", "registered" })
        {
            var watch = await Poll.ForValueAsync(
                async () => (await _cluster.Client.GetGrain<IClusterGrain>(name).GetSummary()).Watch is { LastError: not null } w ? w : null,
                TimeSpan.FromSeconds(30),
                $"cluster {name} to report its error");
            Assert.False(watch.Watching);
            Assert.StartsWith($"Cannot assume role {Role}: NetworkError", watch.LastError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_role_arn_that_is_no_role_is_refused_at_registration()
    {
        var fleet = _cluster.Client.GetGrain<IFleetGrain>(IFleetGrain.Key);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fleet.Register(
            new ClusterRegistration { Name = "bad-role", Region = "us-east-1", InCluster = true, RoleArn = "arn:aws:iam::444455556666:user/awsmultieni-member" }));

        Assert.Contains("is not an IAM role ARN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "team-a-7f3c2e", "without a RoleArn")]
    [InlineData("arn:aws:iam::444455556666:role/awsmultieni-member", "x", "must be 2 to 1224")]
    [InlineData("arn:aws:iam::444455556666:role/awsmultieni-member", "no spaces allowed", "must be 2 to 1224")]
    public async Task An_external_id_STS_would_refuse_is_refused_at_registration(string? role, string externalId, string expected)
    {
        var fleet = _cluster.Client.GetGrain<IFleetGrain>(IFleetGrain.Key);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fleet.Register(
            new ClusterRegistration { Name = "bad-external-id", Region = "us-east-1", InCluster = true, RoleArn = role, ExternalId = externalId }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
