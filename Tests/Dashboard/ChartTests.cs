using AwsMultiEni.Dashboard.Components.Charts;
using Bunit;
using static AwsMultiEni.Tests.Dashboard.FleetWorld;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>The dashboard's charts are plain SVG drawn from the overview's last hour: nothing is fetched from elsewhere.</summary>
public sealed class ChartTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    [Fact]
    public void A_line_chart_spans_the_hour_before_its_end_and_scales_to_its_largest_value()
    {
        var cut = _context.Render<LineChart>(p => p
            .Add(c => c.Title, "EC2 calls per minute, by bucket")
            .Add(c => c.Unit, "calls/min")
            .Add(c => c.End, At)
            .Add(c => c.Series, [
                new ChartSeries("Mutating", "#1f77b4", [new ChartPoint(At.AddMinutes(-60), 0), new ChartPoint(At.AddMinutes(-30), 50), new ChartPoint(At, 100)]),
                new ChartSeries("Tags", "#d62728", [new ChartPoint(At, 25)]),
            ]));

        var lines = cut.FindAll("polyline");
        Assert.Equal(["36,104", "175,56", "314,8"], lines[0].GetAttribute("points")!.Split(' '));
        Assert.Equal("314,80", lines[1].GetAttribute("points"));
        Assert.Equal(["Mutating: 100 calls/min", "Tags: 25 calls/min"], cut.FindAll("ul.legend li").Select(li => li.TextContent));
        Assert.Equal("100", cut.FindAll("text.tick")[0].TextContent);
        Assert.Empty(cut.FindAll("img, image, [href^=http]"));
    }

    [Fact]
    public void A_bar_chart_draws_each_bar_in_proportion_to_the_longest()
    {
        var cut = _context.Render<BarChart>(p => p
            .Add(c => c.Title, "Convergence of recent rollouts")
            .Add(c => c.Unit, "s")
            .Add(c => c.Bars, [new ChartBar("prod-a/multus-eni", 60, "generation 1"), new ChartBar("prod-b/multus-eni", 30, "generation 2")]));

        var widths = cut.FindAll("rect").Select(r => double.Parse(r.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(widths[0] / 2, widths[1], 3);
        Assert.Equal("30 s", cut.Find("g[data-bar='prod-b/multus-eni'] text:last-of-type").TextContent);
    }

    [Fact]
    public void An_empty_chart_says_so()
    {
        var cut = _context.Render<BarChart>(p => p.Add(c => c.Title, "Convergence of recent rollouts").Add(c => c.Empty, "No rollout converged yet."));

        Assert.Equal("No rollout converged yet.", cut.Find("p.muted").TextContent);
        Assert.Empty(cut.FindAll("svg"));
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
