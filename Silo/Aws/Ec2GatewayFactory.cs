using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using AwsMultiEni.Abstractions.Fleet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// One gateway per region and role, on an AWSSDK.EC2 client that follows the SDK's own conventions: the silo's credentials
/// from the default chain, or the role's (<see cref="AwsIdentities"/>) for clusters that name one; endpoint from
/// <c>AWS_ENDPOINT_URL_EC2</c> / <c>AWS_ENDPOINT_URL</c> when set. The SDK's own retries are off: the gateway retries, so
/// it can count and budget every attempt. Registering an <see cref="AWSCredentials"/> in DI replaces the default chain
/// (tests, static keys), an <see cref="AwsServiceUrls"/> the endpoint (in-process tests).
/// </summary>
internal sealed class Ec2GatewayFactory(
    Ec2BudgetRegistry budgets,
    Ec2Metrics metrics,
    IOptions<Ec2GatewayOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    AwsIdentities identities,
    AWSCredentials? credentials = null,
    AwsServiceUrls? urls = null) : IEc2GatewayFactory, IDisposable
{
    private readonly ConcurrentDictionary<(string Region, MemberRole? Role), (AmazonEC2Client Client, Ec2Gateway Gateway)> _gateways = new();

    public IEc2Gateway ForRegion(string region, MemberRole? role = null) => _gateways.GetOrAdd((region, role), Create).Gateway;

    public void Dispose()
    {
        foreach (var (client, _) in _gateways.Values)
        {
            client.Dispose();
        }
    }

    private (AmazonEC2Client, Ec2Gateway) Create((string Region, MemberRole? Role) key)
    {
        var (region, role) = key;
        AWSConfigs.InitializeCollections = true;
        var config = new AmazonEC2Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region), MaxErrorRetry = 0 };
        if (urls?.Ec2 is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }

        // The clusters of one role share its session, named for the region since no one cluster owns it.
        var signer = role is null ? credentials : identities.For(region, role, RoleArn.SessionName($"ec2-{region}"));
        var client = signer is null ? new AmazonEC2Client(config) : new AmazonEC2Client(signer, config);
        var budget = budgets.For(region, role is null ? null : RoleArn.Account(role.Arn));
        return (client, new Ec2Gateway(client, budget, metrics, options.Value, time, loggers.CreateLogger<Ec2Gateway>()));
    }
}
