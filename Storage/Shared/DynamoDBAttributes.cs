using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace AwsMultiEni.Storage.Shared;

/// <summary>Builds and reads DynamoDB attribute values with invariant formatting, so items round-trip across cultures.</summary>
internal static class DynamoDBAttributes
{
    public static AttributeValue String(string value) => new() { S = value };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Time(DateTime value) =>
        new() { S = DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture) };

    public static string? GetString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static long GetNumber(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n
            ? long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"DynamoDB item has no numeric attribute '{name}'.");

    public static DateTime GetTime(this Dictionary<string, AttributeValue> item, string name) =>
        item.GetString(name) is { } s ? ParseTime(s) : default;

    public static DateTime ParseTime(string value) =>
        DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static bool TryParseETag(string? eTag, out long value) =>
        long.TryParse(eTag, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static string FormatETag(long value) => value.ToString(CultureInfo.InvariantCulture);
}
