using System.Diagnostics;
using System.Globalization;
using AwsMultiEni.Abstractions.ReadModels;
using AwsMultiEni.Dashboard;
using AwsMultiEni.Silo.Grains.ReadModels;
using Microsoft.Playwright;
using Orleans.Configuration;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>
/// <c>bench-engine --dashboard</c>: the dashboard as a standalone Orleans client of the first silo's gateway, in this
/// process, over the converged fleet, driven by Chromium through Playwright. It times the fleet page's first render,
/// counts the dashboard's grain calls per overview push with one browser open (pushes made by telling the fleet index
/// of an empty EC2 report, as a silo would), the process's CPU with no browser and with N, and search, and takes
/// screenshots.
/// </summary>
internal sealed class DashboardBench(DashboardBenchOptions options, BenchSilos silos, GrainCallCounter calls, Action<string> progress)
{
    private const int Loads = 5;
    private const int Searches = 5;
    private const string Interactive = "document.querySelector('[data-testid=fleet-page][data-interactive=true]')";
    private const string RowsShown = "document.querySelector('[data-testid=fleet-attachments] [data-eni]')";
    private static readonly TimeSpan PushEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly string[] DashboardInterfaces = [nameof(IFleetIndexGrain), nameof(IClusterIndexGrain), "IManagementGrain"];
    private static readonly PageWaitForFunctionOptions Patiently = new() { Timeout = 120_000 };

    private IFleetIndex Index => silos.Grains.GetGrain<IFleetIndex>(IFleetIndexGrain.Key);

    public async Task<DashboardBenchReport> RunAsync(int attachments, CancellationToken cancellationToken)
    {
        progress("waiting for the fleet index to count every attachment");
        while ((await Index.GetOverview()).AttachedEnis < attachments)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        var samples = new List<AttachmentRow>();
        for (var i = 0; i < Searches; i++)
        {
            samples.AddRange((await Index.Query(new AttachmentQuery { Skip = (i * 2 + 1) * attachments / (Searches * 2), Take = 1 })).Rows);
        }

        var load = LoadAverage();
        await using var dashboard = await BenchDashboard.StartAsync(silos.Gateway);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        progress($"first render of {dashboard.Url}: one cold load, then {Loads}");
        var cold = await LoadAsync(browser, dashboard.Url);
        var warm = new List<RenderTimes>();
        for (var i = 0; i < Loads; i++)
        {
            warm.Add(await LoadAsync(browser, dashboard.Url));
        }

        progress($"grain calls per refresh with one browser, over {options.Pushes} pushes");
        var (refreshes, perRefresh) = await CallsPerRefreshAsync(browser, dashboard.Url, cancellationToken);

        progress($"process CPU over {options.Window.TotalSeconds:0} s with no browser, then with {options.Browsers}");
        var without = await CpuPercentAsync(cancellationToken);
        var pages = new List<IBrowserContext>();
        try
        {
            for (var i = 0; i < options.Browsers; i++)
            {
                var (context, _) = await OpenAsync(browser, dashboard.Url);
                pages.Add(context);
            }

            var with = await CpuPercentAsync(cancellationToken);

            progress($"search for {samples.Count} ENIs, by grain call and in the browser");
            var (queryMedian, queryMax) = await SearchByQueryAsync(samples);
            var inBrowser = await SearchInBrowserAsync(browser, dashboard.Url, samples);
            var screenshots = options.ScreenshotDir is { } dir ? await ScreenshotsAsync(browser, dashboard.Url, dir, samples[0]) : [];
            return new DashboardBenchReport(
                load, cold, RenderTimes.Median(warm), refreshes, perRefresh.Values.Sum() / (double)Math.Max(1, refreshes), perRefresh,
                options.Browsers, options.Window.TotalSeconds, without, with, queryMedian, queryMax, inBrowser, screenshots);
        }
        finally
        {
            foreach (var context in pages)
            {
                await context.DisposeAsync();
            }
        }
    }

    /// <summary>One load in a fresh context, timed by the page's own clock from navigation start.</summary>
    private static async Task<RenderTimes> LoadAsync(IBrowser browser, string url)
    {
        var (context, page) = await NavigateAsync(browser, url);
        await using (context)
        {
            var interactive = await TimeOfAsync(page, Interactive);
            var rows = await TimeOfAsync(page, RowsShown);
            var html = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd");
            return new RenderTimes(html, interactive, rows);
        }
    }

    /// <summary>
    /// A page ready for a person: interactive, with its rows. Rows alone are not enough: when the first page of rows is
    /// in the prerendered HTML, keys typed before the circuit is up go to the prerendered form, which the circuit's
    /// first render then replaces, and a search typed then was lost (the 120-s timeout once seen in CI).
    /// </summary>
    private static async Task<(IBrowserContext Context, IPage Page)> OpenAsync(IBrowser browser, string url)
    {
        var (context, page) = await NavigateAsync(browser, url);
        await TimeOfAsync(page, Interactive);
        await TimeOfAsync(page, RowsShown);
        return (context, page);
    }

    private static async Task<(IBrowserContext Context, IPage Page)> NavigateAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        return (context, page);
    }

    /// <summary>The page's <c>performance.now()</c> when <paramref name="condition"/> first held (checked every animation frame).</summary>
    private static async Task<double> TimeOfAsync(IPage page, string condition)
    {
        var handle = await page.WaitForFunctionAsync($"() => ({condition}) ? performance.now() : null", null, Patiently);
        return await handle.JsonValueAsync<double>();
    }

    private async Task<(int Refreshes, IReadOnlyDictionary<string, int> Calls)> CallsPerRefreshAsync(IBrowser browser, string url, CancellationToken cancellationToken)
    {
        var (context, _) = await OpenAsync(browser, url);
        await using (context)
        {
            await Task.Delay(Settle, cancellationToken);
            var pushes = new PushCounter();
            var reference = silos.Grains.CreateObjectReference<IFleetObserver>(pushes);
            await Index.Subscribe(reference);
            var before = calls.Snapshot();
            var pushesBefore = pushes.Count;
            for (var i = 0; i < options.Pushes; i++)
            {
                await Index.RecordEc2Usage(DateTimeOffset.UtcNow, []);
                await Task.Delay(PushEvery, cancellationToken);
            }

            // The page's queries after the last push may still be on their way on a busy machine.
            await Task.Delay(Settle, cancellationToken);

            // The bench's own observer subscribed before the count began, and its pushes are no grain calls.
            var made = new SortedDictionary<string, int>(
                calls.Since(before).Where(c => DashboardInterfaces.Any(i => c.Key.StartsWith(i + ".", StringComparison.Ordinal))).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
                StringComparer.Ordinal);
            var refreshes = pushes.Count - pushesBefore;
            await Index.Unsubscribe(reference);
            silos.Grains.DeleteObjectReference<IFleetObserver>(reference);
            return (refreshes, made);
        }
    }

    /// <summary>This process's CPU time over the window, as a share of one core, while the fleet index pushes every two seconds.</summary>
    private async Task<double> CpuPercentAsync(CancellationToken cancellationToken)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < options.Window)
        {
            await Index.RecordEc2Usage(DateTimeOffset.UtcNow, []);
            await Task.Delay(PushEvery, cancellationToken);
        }

        self.Refresh();
        return (self.TotalProcessorTime - cpu).TotalMilliseconds / clock.Elapsed.TotalMilliseconds * 100;
    }

    private async Task<(double Median, double Max)> SearchByQueryAsync(IReadOnlyList<AttachmentRow> samples)
    {
        var times = new List<double>();
        foreach (var row in samples)
        {
            var clock = Stopwatch.StartNew();
            var page = await silos.Grains.GetGrain<IFleetIndexGrain>(IFleetIndexGrain.Key).Query(new AttachmentQuery { Text = row.Eni.EniId, Take = 100 });
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (page.Total != 1)
            {
                throw new InvalidOperationException($"Searching {row.Eni.EniId} found {page.Total} rows, not 1.");
            }
        }

        return (RenderTimes.Middle(times), times.Max());
    }

    /// <summary>From the Enter key in the search box to the one matching row shown, by the page's clock.</summary>
    private static async Task<double> SearchInBrowserAsync(IBrowser browser, string url, IReadOnlyList<AttachmentRow> samples)
    {
        var (context, page) = await OpenAsync(browser, url);
        await using (context)
        {
            var times = new List<double>();
            foreach (var row in samples)
            {
                await page.GetByTestId("search").FillAsync(row.Eni.EniId!);
                var typed = await page.EvaluateAsync<double>("() => performance.now()");
                await page.GetByTestId("search").PressAsync("Enter");
                var shown = await TimeOfAsync(page, $"document.querySelectorAll('[data-testid=fleet-attachments] [data-eni]').length === 1 && document.querySelector('[data-testid=fleet-attachments] [data-eni=\"{row.Eni.EniId}\"]')");
                times.Add(shown - typed);
            }

            return RenderTimes.Middle(times);
        }
    }

    private static async Task<IReadOnlyList<string>> ScreenshotsAsync(IBrowser browser, string url, string dir, AttachmentRow row)
    {
        Directory.CreateDirectory(dir);
        var shots = new (string Name, string Path, string Ready)[]
        {
            ("dashboard-fleet.png", string.Empty, "[data-testid=fleet-attachments] [data-eni]"),
            ("dashboard-cluster.png", $"clusters/{Uri.EscapeDataString(row.Cluster)}", "[data-testid=cluster-attachments] [data-eni]"),
            ("dashboard-node.png", $"nodes/{Uri.EscapeDataString(row.Cluster)}/{Uri.EscapeDataString(row.Node)}", "[data-testid=node-devices] [data-eni]"),
        };
        var written = new List<string>();
        foreach (var (name, path, ready) in shots)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(url + path);
            await TimeOfAsync(page, $"document.querySelector('{ready}')");
            var file = Path.GetFullPath(Path.Combine(dir, name));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, Type = ScreenshotType.Png });
            written.Add(file);
        }

        return written;
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private sealed class PushCounter : IFleetObserver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task FleetChanged(FleetOverview overview)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}

/// <summary>The dashboard app served on a loopback port, an Orleans client of the silos' gateway as when run standalone.</summary>
internal sealed class BenchDashboard(WebApplication app, string url) : IAsyncDisposable
{
    public string Url => url;

    public static async Task<BenchDashboard> StartAsync(System.Net.IPEndPoint gateway)
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Next()}/";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateway)
            .Configure<ClusterOptions>(o => o.ClusterId = o.ServiceId = "bench"));
        builder.Services.AddFleetDashboard();
        var app = builder.Build();
        app.MapFleetDashboard();
        await app.StartAsync();
        return new BenchDashboard(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
