using Amazon;
using Amazon.EC2;
using Amazon.Runtime;

namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>
/// Points this process's AWS SDK clients (the seeder's and the silo's) at the Sandbox's EC2 endpoint
/// the SDK's own way: <c>AWS_ENDPOINT_URL_EC2</c> and <c>AWS_REGION</c>, and dummy keys when none are
/// set, since the Sandbox only ever talks to loopback emulators.
/// </summary>
public static class SandboxAwsEnvironment
{
    public const string DefaultRegion = "us-east-1";

    public static string Region => Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } region ? region : DefaultRegion;

    public static void Apply(Uri ec2Endpoint, string region)
    {
        ArgumentNullException.ThrowIfNull(ec2Endpoint);
        AWSConfigs.InitializeCollections = true;
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_EC2", ec2Endpoint.ToString().TrimEnd('/'));
        Environment.SetEnvironmentVariable("AWS_REGION", region);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")))
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        }
    }

    /// <summary>A client for <paramref name="ec2Endpoint"/> with the credentials of the default chain.</summary>
    public static AmazonEC2Client Client(Uri ec2Endpoint, string region) =>
        new(new AmazonEC2Config { ServiceURL = ec2Endpoint.ToString(), AuthenticationRegion = region });
}
