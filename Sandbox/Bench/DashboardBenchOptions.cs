namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// How <c>bench-engine --dashboard</c> measures: the browser, the overview pushes the calls per refresh are counted
/// over, how many pages for the CPU figure and for how long, where screenshots go.
/// </summary>
internal sealed record DashboardBenchOptions(string Chromium, int Pushes, int Browsers, TimeSpan Window, string? ScreenshotDir);
