using AwsMultiEni.Silo.Storage.Shared;

namespace AwsMultiEni.Silo.Storage.Reminders.Options;

/// <summary>Validates the DynamoDB reminder options at start-up.</summary>
public sealed class DynamoDBReminderOptionsValidator(DynamoDBReminderOptions options)
    : DynamoDBTableOptionsValidator<DynamoDBReminderOptions>(options, "reminders");
