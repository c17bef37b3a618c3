using System.Globalization;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>What <c>bench-engine --dashboard</c> measured of the fleet page over the converged fleet.</summary>
/// <param name="LoadAverage">The machine's 1-minute load average when the measurements began (2 cores here).</param>
/// <param name="Cold">The first load of the page after the dashboard started.</param>
/// <param name="Warm">The median of the loads after it, each in a fresh browser context.</param>
/// <param name="Refreshes">The overview pushes the fleet index sent while one browser had the page open.</param>
/// <param name="Calls">The dashboard's grain calls in that time, by method; <see cref="CallsPerRefresh"/> divides their sum by the pushes.</param>
internal sealed record DashboardBenchReport(
    double LoadAverage,
    RenderTimes Cold,
    RenderTimes Warm,
    int Refreshes,
    double CallsPerRefresh,
    IReadOnlyDictionary<string, int> Calls,
    int Browsers,
    double WindowSeconds,
    double CpuPercentWithoutBrowsers,
    double CpuPercentWithBrowsers,
    double SearchQueryMedianMs,
    double SearchQueryMaxMs,
    double SearchInBrowserMedianMs,
    IReadOnlyList<string> Screenshots)
{
    public void Print(TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(invariant, $"  dashboard (load average {LoadAverage:0.00} at the start):"));
        output.WriteLine(string.Create(invariant, $"    first render, cold   HTML {Cold.HtmlMs:0} ms, interactive {Cold.InteractiveMs:0} ms, rows {Cold.RowsMs:0} ms (from navigation start)"));
        output.WriteLine(string.Create(invariant, $"    first render, warm   HTML {Warm.HtmlMs:0} ms, interactive {Warm.InteractiveMs:0} ms, rows {Warm.RowsMs:0} ms (median)"));
        output.WriteLine(string.Create(invariant, $"    grain calls per refresh, one browser: {CallsPerRefresh:0.00} over {Refreshes} pushes"));
        foreach (var (method, count) in Calls)
        {
            output.WriteLine(string.Create(invariant, $"      {method,-40} {count}"));
        }

        output.WriteLine(string.Create(invariant, $"    process CPU over {WindowSeconds:0} s of pushes every 2 s: {CpuPercentWithoutBrowsers:0.0}% of a core with no browser, {CpuPercentWithBrowsers:0.0}% with {Browsers} browsers"));
        output.WriteLine(string.Create(invariant, $"    search: IFleetIndexGrain.Query {SearchQueryMedianMs:0.0} ms median ({SearchQueryMaxMs:0.0} ms max); typed in the browser to the row shown {SearchInBrowserMedianMs:0} ms median"));
        foreach (var screenshot in Screenshots)
        {
            output.WriteLine($"    screenshot {screenshot}");
        }
    }
}

/// <summary>Milliseconds from navigation start to the HTML received, the circuit interactive, and the first page of rows shown.</summary>
internal sealed record RenderTimes(double HtmlMs, double InteractiveMs, double RowsMs)
{
    public static RenderTimes Median(IReadOnlyList<RenderTimes> loads) =>
        new(Middle(loads.Select(l => l.HtmlMs)), Middle(loads.Select(l => l.InteractiveMs)), Middle(loads.Select(l => l.RowsMs)));

    public static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
