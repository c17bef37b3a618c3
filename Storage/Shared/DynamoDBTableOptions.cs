namespace AwsMultiEni.Storage.Shared;

/// <summary>What every provider needs to know about its one DynamoDB table.</summary>
public abstract class DynamoDBTableOptions
{
    /// <summary>The table name.</summary>
    public required string TableName { get; set; }

    /// <summary>
    /// Create the table (on-demand capacity) when it is missing. When false, a missing table
    /// fails start-up, for deployments whose tables are provisioned separately (deploy/dynamodb).
    /// </summary>
    public bool CreateIfNotExists { get; set; } = true;
}
