using AwsMultiEni.Storage.Shared;

namespace AwsMultiEni.Storage.Reminders.Options;

/// <summary>Options of the DynamoDB reminder table.</summary>
public sealed class DynamoDBReminderOptions : DynamoDBTableOptions
{
    /// <summary>The table name of Orleans' official DynamoDB reminders provider.</summary>
    public const string DefaultTableName = "OrleansReminders";

    public DynamoDBReminderOptions() => TableName = DefaultTableName;
}
