using AwsMultiEni.Dashboard.Fleet;
using AwsMultiEni.Dashboard.Components.Pages;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>The fleet page when the fleet index cannot be reached: it says what failed, and never blanks.</summary>
public sealed class HomePageTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public HomePageTests()
    {
        _context.Services.AddSingleton<IClusterClient>(new FakeClusterClient());
        _context.Services.AddSingleton<FleetFeed>();
        _context.Services.AddScoped<CircuitConnection>();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Says_clearly_that_the_fleet_cannot_be_read_when_no_index_answers()
    {
        var cut = _context.Render<Home>();

        cut.WaitForAssertion(() => Assert.StartsWith(
            "Cannot read the fleet overview: Could not find an implementation for interface",
            cut.Find("[data-testid=fleet-unavailable]").TextContent,
            StringComparison.Ordinal));
        Assert.Equal("alert", cut.Find("[data-testid=fleet-unavailable]").GetAttribute("role"));
        cut.WaitForAssertion(() => Assert.Contains("Cannot query the attachment index", cut.Find("[data-testid=fleet-attachments] [role=alert]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=summary-clusters]"));
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
