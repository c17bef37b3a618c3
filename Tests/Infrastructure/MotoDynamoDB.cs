using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>DynamoDB clients aimed at a <see cref="MotoServer"/>.</summary>
public static class MotoDynamoDB
{
    public static IAmazonDynamoDB CreateDynamoDBClient(this MotoServer moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        return CreateDynamoDBClient(moto.Url, moto.Region);
    }

    /// <summary>A client for any endpoint, e.g. a closed port to test unreachable DynamoDB.</summary>
    public static IAmazonDynamoDB CreateDynamoDBClient(Uri serviceUrl, string region)
    {
        AWSConfigs.InitializeCollections = true;
        return new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = region, MaxErrorRetry = 1 });
    }

    /// <summary>A table or id no other test class uses, so classes can share one moto and run in parallel.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
