using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// One gateway per region, on an AWSSDK.EC2 client that follows the SDK's own conventions: credentials from
/// the default chain, endpoint from <c>AWS_ENDPOINT_URL_EC2</c> / <c>AWS_ENDPOINT_URL</c> when set. The SDK's
/// own retries are off: the gateway retries, so it can count and budget every attempt. Registering an
/// <see cref="AWSCredentials"/> in DI replaces the default chain (tests, static keys).
/// </summary>
internal sealed class Ec2GatewayFactory(
    Ec2BudgetRegistry budgets,
    Ec2Metrics metrics,
    IOptions<Ec2GatewayOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    AWSCredentials? credentials = null) : IEc2GatewayFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, (AmazonEC2Client Client, Ec2Gateway Gateway)> _gateways = new(StringComparer.Ordinal);

    public IEc2Gateway ForRegion(string region) => _gateways.GetOrAdd(region, Create).Gateway;

    public void Dispose()
    {
        foreach (var (client, _) in _gateways.Values)
        {
            client.Dispose();
        }
    }

    private (AmazonEC2Client, Ec2Gateway) Create(string region)
    {
        AWSConfigs.InitializeCollections = true;
        var config = new AmazonEC2Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region), MaxErrorRetry = 0 };
        var client = credentials is null ? new AmazonEC2Client(config) : new AmazonEC2Client(credentials, config);
        return (client, new Ec2Gateway(client, budgets.For(region), metrics, options.Value, time, loggers.CreateLogger<Ec2Gateway>()));
    }
}
