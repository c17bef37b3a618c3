using Amazon;
using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AwsMultiEni.Storage.Shared;

/// <summary>What every DynamoDB provider shares: the client and the table initializer.</summary>
public static class DynamoDBServiceCollectionExtensions
{
    /// <summary>
    /// Registers a default <see cref="IAmazonDynamoDB"/> unless the application registered one, built the
    /// AWS SDK's standard way so that AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB and the default credential chain apply.
    /// </summary>
    public static IServiceCollection AddDynamoDBProviderPlumbing(this IServiceCollection services)
    {
        // Without this, AWS SDK v4 returns null instead of empty lists in responses.
        AWSConfigs.InitializeCollections = true;
        services.TryAddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient());
        services.TryAddSingleton<DynamoDBTableInitializer>();
        return services;
    }
}
