namespace AwsMultiEni.Dashboard.Components.Charts;

/// <summary>One line of a chart: its name, colour and points in time order.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points);

public sealed record ChartPoint(DateTimeOffset At, double Value);

/// <summary>One bar of a bar chart.</summary>
public sealed record ChartBar(string Label, double Value, string Detail);

/// <summary>Colours that stay apart on white, given out in order so a name keeps its colour within a chart.</summary>
public static class ChartPalette
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public static string At(int index) => Colors[index % Colors.Length];
}
