using System.Globalization;
using Amazon.DynamoDBv2.Model;
using AwsMultiEni.Storage.Shared;
using Orleans;
using Orleans.Runtime;

namespace AwsMultiEni.Storage.Reminders;

/// <summary>
/// One reminder item, with the attribute names of Orleans' official DynamoDB reminders provider:
/// <c>ReminderId</c> (hash, <c>{serviceId}_{grainId}_{name}</c>), <c>GrainHash</c> (range, the grain's uniform hash),
/// and the <c>ServiceIdIndex</c> (ServiceId, GrainHash) that serves range reads.
/// </summary>
internal static class ReminderRow
{
    public const string ReminderId = "ReminderId";
    public const string GrainHash = "GrainHash";
    public const string ServiceId = "ServiceId";
    public const string GrainReference = "GrainReference";
    public const string ReminderName = "ReminderName";
    public const string StartTime = "StartTime";
    public const string Period = "Period";
    public const string ETag = "ETag";
    public const string ServiceIdIndex = "ServiceIdIndex";

    public static readonly DynamoDBTableSpec Table = new(
        new DynamoDBKey(ReminderId, "S"),
        new DynamoDBKey(GrainHash, "N"),
        [new DynamoDBIndexSpec(ServiceIdIndex, new DynamoDBKey(ServiceId, "S"), new DynamoDBKey(GrainHash, "N"))]);

    public static Dictionary<string, AttributeValue> Key(string serviceId, GrainId grainId, string reminderName) => new()
    {
        [ReminderId] = DynamoDBAttributes.String($"{serviceId}_{grainId}_{reminderName}"),
        [GrainHash] = DynamoDBAttributes.Number(grainId.GetUniformHashCode()),
    };

    public static ReminderEntry ToEntry(Dictionary<string, AttributeValue> item) => new()
    {
        GrainId = GrainId.Parse(item.GetString(GrainReference)!, CultureInfo.InvariantCulture),
        ReminderName = item.GetString(ReminderName)!,
        StartAt = item.GetTime(StartTime),
        Period = TimeSpan.Parse(item.GetString(Period)!, CultureInfo.InvariantCulture),
        ETag = DynamoDBAttributes.FormatETag(item.GetNumber(ETag)),
    };

    public static string FormatPeriod(TimeSpan period) => period.ToString("c", CultureInfo.InvariantCulture);
}
