using System.Globalization;

namespace AwsMultiEni.Dashboard.Components;

/// <summary>How the dashboard shows a moment (UTC, to the second, the same in every row) and an age.</summary>
public static class Time
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The largest two units: <c>45s</c>, <c>3m 12s</c>, <c>2h 5m</c>, <c>4d 1h</c>.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 1 } => "0s",
        { TotalMinutes: < 1 } => $"{age.Seconds}s",
        { TotalHours: < 1 } => $"{age.Minutes}m {age.Seconds}s",
        { TotalDays: < 1 } => $"{(int)age.TotalHours}h {age.Minutes}m",
        _ => $"{(int)age.TotalDays}d {age.Hours}h",
    };
}
