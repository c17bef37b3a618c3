using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Dashboard.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static AwsMultiEni.Tests.Dashboard.FleetWorld;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>The history page of one attachment (grain key cluster/NodeENI/node).</summary>
public sealed class AttachmentHistoryPageTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();
    private readonly FakeClusterClient _grains = new();

    public AttachmentHistoryPageTests() => _context.Services.AddSingleton<IClusterClient>(_grains);

    [Fact]
    public void Shows_every_transition_oldest_first_and_the_last_error()
    {
        _grains.Add<IAttachmentGrain>("prod-a/multus-eni/node-1", new FakeAttachmentGrain(new AttachmentHistory(
            [
                new AttachmentTransition(At, "subnet-00000000000000002", "None", "Creating", null, null),
                new AttachmentTransition(At.AddSeconds(1), "subnet-00000000000000002", "Creating", "Created", "eni-000000000000000a1", "ClientToken prod-a/multus-eni/node-1#1"),
                new AttachmentTransition(At.AddSeconds(3), "subnet-00000000000000002", "Created", "Attached", "eni-000000000000000a1", null),
            ],
            "RequestLimitExceeded (retried)")));

        var cut = Render();

        var rows = cut.FindAll("[data-testid=history] tbody tr");
        Assert.Equal(["Creating", "Created", "Attached"], rows.Select(r => r.QuerySelectorAll("td")[3].TextContent));
        Assert.Equal("2026-11-27 18:00:01Z", rows[1].QuerySelectorAll("td")[0].TextContent);
        Assert.Equal("eni-000000000000000a1", rows[1].QuerySelectorAll("td")[4].TextContent);
        Assert.Equal("Last error: RequestLimitExceeded (retried)", cut.Find("[data-testid=history-last-error]").TextContent);
    }

    [Fact]
    public void Says_what_failed_when_the_attachment_grain_cannot_be_reached()
    {
        var cut = Render();

        var problem = cut.Find("[data-testid=history-problem]");
        Assert.Contains("Cannot read the history of NodeENI multus-eni on node node-1 of cluster prod-a: Could not find an implementation", problem.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=history]"));
    }

    private IRenderedComponent<AttachmentHistoryPage> Render() => _context.Render<AttachmentHistoryPage>(p => p
        .Add(page => page.Cluster, "prod-a")
        .Add(page => page.NodeEni, "multus-eni")
        .Add(page => page.Node, "node-1"));

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
