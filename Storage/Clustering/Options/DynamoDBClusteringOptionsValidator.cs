using AwsMultiEni.Storage.Shared;

namespace AwsMultiEni.Storage.Clustering.Options;

/// <summary>Validates the DynamoDB clustering options at start-up.</summary>
public sealed class DynamoDBClusteringOptionsValidator(DynamoDBClusteringOptions options)
    : DynamoDBTableOptionsValidator<DynamoDBClusteringOptions>(options, "clustering");
