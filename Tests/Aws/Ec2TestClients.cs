using System.Diagnostics.Metrics;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using AwsMultiEni.Silo.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Aws;

/// <summary>SDK clients and gateways pointed at a test endpoint (moto or the emulator) with test credentials.</summary>
public static class Ec2TestClients
{
    /// <summary>The access key the silos sign with in test worlds, so the emulator's call log tells their calls from the test's own.</summary>
    public const string FleetAccessKeyId = "AKIAFLEETSILOTEST000";

    /// <summary>The access key of a second silo set in the same world (another region or service id), bound to the same policy.</summary>
    public const string OtherFleetAccessKeyId = "AKIAOTHERSILOSET0000";

    private const string TestAccessKeyId = "test";

    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static AmazonEC2Client Client(Uri url, string region = "us-east-1", string accessKeyId = TestAccessKeyId)
    {
        AWSConfigs.InitializeCollections = true;
        return new AmazonEC2Client(Credentials(accessKeyId), new AmazonEC2Config { ServiceURL = url.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });
    }

    public static AWSCredentials Credentials(string accessKeyId = TestAccessKeyId) => new BasicAWSCredentials(accessKeyId, "test");

    /// <summary>Quick retries, so tests that inject faults spend little time in backoff.</summary>
    /// <summary>Retries and merged describes at test speed: a test world attaches a handful of ENIs, not a fleet.</summary>
    public static Ec2GatewayOptions FastRetries(int maxAttempts = 8) => new()
    {
        MaxAttempts = maxAttempts,
        DescribeInterval = TimeSpan.FromMilliseconds(200),
        BaseRetryDelay = TimeSpan.FromMilliseconds(2),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    public static Ec2Gateway Gateway(IAmazonEC2 client, Ec2GatewayOptions? options = null, Ec2RequestBudget? budget = null)
    {
        options ??= FastRetries();
        return new Ec2Gateway(
            client,
            budget ?? new Ec2RequestBudget(options.Budget, TimeProvider.System),
            new Ec2Metrics(Services.GetRequiredService<IMeterFactory>()),
            options,
            TimeProvider.System,
            NullLogger<Ec2Gateway>.Instance);
    }
}
