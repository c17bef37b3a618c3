using System.Globalization;

namespace AwsMultiEni.Dashboard.Components;

/// <summary>How the dashboard shows a moment: UTC, to the second, the same in every row.</summary>
public static class Time
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
