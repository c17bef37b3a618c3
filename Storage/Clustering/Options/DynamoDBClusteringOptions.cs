using AwsMultiEni.Storage.Shared;

namespace AwsMultiEni.Storage.Clustering.Options;

/// <summary>Options of the DynamoDB membership table (silos) and gateway list (clients).</summary>
public sealed class DynamoDBClusteringOptions : DynamoDBTableOptions
{
    /// <summary>The table name of Orleans' official DynamoDB clustering provider.</summary>
    public const string DefaultTableName = "OrleansSilos";

    public DynamoDBClusteringOptions() => TableName = DefaultTableName;
}
