using AwsMultiEni.Storage.Shared;

namespace AwsMultiEni.Storage.GrainStorage.Options;

/// <summary>Validates a DynamoDB grain storage provider's options at silo start-up.</summary>
public sealed class DynamoDBGrainStorageOptionsValidator(DynamoDBGrainStorageOptions options, string name)
    : DynamoDBTableOptionsValidator<DynamoDBGrainStorageOptions>(options, name)
{
    public override void ValidateConfiguration()
    {
        base.ValidateConfiguration();
        if (Options.GrainStorageSerializer is null)
        {
            throw Invalid($"{nameof(DynamoDBGrainStorageOptions.GrainStorageSerializer)} is not set and the silo has no default grain storage serializer.");
        }
    }
}
