using AwsMultiEni.Storage.Shared;
using Orleans;
using Orleans.Storage;

namespace AwsMultiEni.Storage.GrainStorage.Options;

/// <summary>Options of one named DynamoDB grain storage provider.</summary>
public sealed class DynamoDBGrainStorageOptions : DynamoDBTableOptions, IStorageProviderSerializerOptions
{
    /// <summary>The table name of Orleans' official DynamoDB grain storage, so data needs no migration.</summary>
    public const string DefaultTableName = "OrleansGrainState";

    public DynamoDBGrainStorageOptions() => TableName = DefaultTableName;

    /// <summary>
    /// On clear, delete the item (true) or keep it as a tombstone without state (false, the default),
    /// which keeps the ETag sequence going so that a stale writer cannot resurrect cleared state.
    /// </summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>Serializes grain state; when not set, the silo's default grain storage serializer.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The silo lifecycle stage at which the table is checked or created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;
}
