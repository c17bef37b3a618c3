using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Dashboard.Components.Fleet;
using AwsMultiEni.Dashboard.Fleet;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static AwsMultiEni.Tests.Dashboard.FleetWorld;

namespace AwsMultiEni.Tests.Dashboard;

/// <summary>The fleet view reads clusters, NodeENIs and attachments through the grain contracts and survives their failures.</summary>
public sealed class FleetViewTests : IAsyncDisposable
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private readonly BunitContext _context = new();
    private readonly FakeClusterClient _grains = new();

    public FleetViewTests()
    {
        _context.Services.AddSingleton<IClusterClient>(_grains);
        _context.Services.AddSingleton<FleetReader>();
    }

    [Fact]
    public void Lists_every_cluster_nodeeni_and_attachment_with_the_ready_condition()
    {
        _grains
            .Add<IFleetGrain>(IFleetGrain.Key, new FakeFleetGrain(Cluster("prod-a", nodes: 3, nodeEnis: 1), Cluster("prod-b", nodes: 2, nodeEnis: 1, lastError: "watch failed: 401")))
            .Add<IClusterGrain>("prod-a", new FakeClusterGrain(null, "multus-eni"))
            .Add<IClusterGrain>("prod-b", new FakeClusterGrain(null, "dpdk-eni"))
            .Add<INodeEniGrain>("prod-a/multus-eni", new FakeNodeEniGrain(NodeEni("multus-eni", "True", "Converged", Attachment("node-1", "eni-000000000000000a1"), Attachment("node-2", "eni-000000000000000a2"))))
            .Add<INodeEniGrain>("prod-b/dpdk-eni", new FakeNodeEniGrain(NodeEni("dpdk-eni", "False", "DeviceIndexConflict", Attachment("node-1", "eni-000000000000000b1", dpdk: true))))
            .Add<INodeGrain>("prod-a/node-1", new FakeNodeGrain(Report(new ObservedInterface("eni-000000000000000a1", "02:00:00:00:00:a1", "multus0", "0000:00:05.0", true, 9001, "ena", null))))
            .Add<INodeGrain>("prod-a/node-2", new FakeNodeGrain(Report(new ObservedInterface("eni-000000000000000a2", "02:00:00:00:00:a2", null, null, false, null, null, "no interface with MAC 02:00:00:00:00:a2 appeared within 30 s"))))
            .Add<INodeGrain>("prod-b/node-1", new FakeNodeGrain(Report(new ObservedInterface("eni-000000000000000b1", "02:00:00:00:00:b1", null, "0000:00:06.0", false, null, "vfio-pci", null))));

        var cut = _context.Render<FleetView>(p => p.Add(v => v.RefreshPeriod, Never));

        var clusters = cut.FindAll("[data-testid=fleet-clusters] tbody tr");
        Assert.Equal(["prod-a", "prod-b"], clusters.Select(r => r.GetAttribute("data-cluster")));
        Assert.Equal(
            ["prod-a", "us-east-1", "S127.0.0.1:11111:1", "Watching since 2026-11-27 18:00:00Z", "3", "1"],
            clusters[0].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("Not watching: watch failed: 401", clusters[1].QuerySelectorAll("td")[3].TextContent);

        var ready = cut.Find("[data-nodeeni='prod-b/dpdk-eni']").QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal(["prod-b", "dpdk-eni", "False", "DeviceIndexConflict", "DeviceIndexConflict message", "2 (2)", "1"], ready);

        var attachments = cut.FindAll("[data-testid=fleet-attachments] tbody tr");
        Assert.Equal(["eni-000000000000000a1", "eni-000000000000000a2", "eni-000000000000000b1"], attachments.Select(r => r.GetAttribute("data-eni")));
        var dpdkRow = attachments[2].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(
            ["prod-b", "dpdk-eni", "node-1", "i-0123456789abcdef0", "eni-000000000000000b1", "subnet-00000000000000002 (10.0.1.0/24)", "1", "attached", "9001", "vfio-pci intel.com/sriov_ena 0000:00:06.0", "vfio-pci 0000:00:06.0", "2026-11-27 18:00:00Z", "history"],
            dpdkRow);
        Assert.Equal("multus0 up mtu 9001", attachments[0].QuerySelectorAll("td")[10].TextContent);
        Assert.Equal("no interface with MAC 02:00:00:00:00:a2 appeared within 30 s", attachments[1].QuerySelectorAll("td")[10].TextContent);
        Assert.Equal("error", attachments[1].QuerySelectorAll("td")[10].ClassName);
        Assert.Equal("attachments/prod-b/dpdk-eni/node-1", attachments[2].QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=fleet-problems]"));
    }

    [Fact]
    public void Says_clearly_that_the_fleet_cannot_be_read_when_no_grain_implementation_is_registered()
    {
        var cut = _context.Render<FleetView>(p => p.Add(v => v.RefreshPeriod, Never));

        var problem = cut.Find("[data-testid=fleet-problems]");
        Assert.Equal("alert", problem.GetAttribute("role"));
        Assert.Contains("Cannot list the fleet's clusters: Could not find an implementation for interface", problem.TextContent, StringComparison.Ordinal);
        Assert.Contains("The cluster list is unavailable.", cut.Find("[data-testid=fleet-clusters]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No ENI is attached", cut.Find("[data-testid=fleet-attachments]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_cluster_is_named_and_the_other_clusters_still_show()
    {
        _grains
            .Add<IFleetGrain>(IFleetGrain.Key, new FakeFleetGrain(Cluster("prod-a", 1, 1), Cluster("prod-b", 1, 1)))
            .Add<IClusterGrain>("prod-a", new FakeClusterGrain(null, "multus-eni", "gone-eni"))
            .Add<IClusterGrain>("prod-b", new FakeClusterGrain(new TimeoutException("Response did not arrive on time")))
            .Add<INodeEniGrain>("prod-a/multus-eni", new FakeNodeEniGrain(NodeEni("multus-eni", "True", "Converged", Attachment("node-1", "eni-000000000000000a1"))))
            .Add<INodeGrain>("prod-a/node-1", new FakeNodeGrain(null));

        var cut = _context.Render<FleetView>(p => p.Add(v => v.RefreshPeriod, Never));

        var problems = cut.FindAll("[data-testid=fleet-problems] li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("Cannot read NodeENI gone-eni of cluster prod-a: Could not find an implementation", problems[0], StringComparison.Ordinal);
        Assert.Equal("Cannot list the NodeENIs of cluster prod-b: Response did not arrive on time", problems[1]);
        Assert.Equal(2, cut.FindAll("[data-testid=fleet-clusters] tbody tr").Count);
        var attachment = Assert.Single(cut.FindAll("[data-testid=fleet-attachments] tbody tr"));
        Assert.Equal("no agent report", attachment.QuerySelectorAll("td")[10].TextContent);
    }

    [Fact]
    public void A_node_whose_agent_report_cannot_be_read_is_named_and_its_attachments_still_show()
    {
        _grains
            .Add<IFleetGrain>(IFleetGrain.Key, new FakeFleetGrain(Cluster("prod-a", 1, 1)))
            .Add<IClusterGrain>("prod-a", new FakeClusterGrain(null, "multus-eni"))
            .Add<INodeEniGrain>("prod-a/multus-eni", new FakeNodeEniGrain(NodeEni("multus-eni", "True", "Converged", Attachment("node-1", "eni-000000000000000a1"))));

        var cut = _context.Render<FleetView>(p => p.Add(v => v.RefreshPeriod, Never));

        var problem = Assert.Single(cut.FindAll("[data-testid=fleet-problems] li")).TextContent;
        Assert.StartsWith("Cannot read the agent report of node prod-a/node-1: Could not find an implementation", problem, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=fleet-attachments] tbody tr"));
    }

    [Fact]
    public void Refreshes_periodically()
    {
        var nodeEni = new FakeNodeEniGrain(NodeEni("multus-eni", "False", "Pending"));
        _grains
            .Add<IFleetGrain>(IFleetGrain.Key, new FakeFleetGrain(Cluster("prod-a", 1, 1)))
            .Add<IClusterGrain>("prod-a", new FakeClusterGrain(null, "multus-eni"))
            .Add<INodeEniGrain>("prod-a/multus-eni", nodeEni)
            .Add<INodeGrain>("prod-a/node-1", new FakeNodeGrain(null));
        var cut = _context.Render<FleetView>(p => p.Add(v => v.RefreshPeriod, TimeSpan.FromMilliseconds(50)));
        Assert.Empty(cut.FindAll("[data-testid=fleet-attachments] tbody tr"));

        nodeEni.NodeEni = NodeEni("multus-eni", "True", "Converged", Attachment("node-1", "eni-000000000000000a1"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=fleet-attachments] tbody tr")), TimeSpan.FromSeconds(10));
        Assert.Equal("True", cut.Find("[data-nodeeni='prod-a/multus-eni'] td:nth-child(3)").TextContent);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
