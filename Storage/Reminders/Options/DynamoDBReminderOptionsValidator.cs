using AwsMultiEni.Storage.Shared;

namespace AwsMultiEni.Storage.Reminders.Options;

/// <summary>Validates the DynamoDB reminder options at start-up.</summary>
public sealed class DynamoDBReminderOptionsValidator(DynamoDBReminderOptions options)
    : DynamoDBTableOptionsValidator<DynamoDBReminderOptions>(options, "reminders");
