using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// What the CRD schema cannot know becomes Ready=False with a stable reason and a Warning event of
/// that reason, and no ENI is left behind for the failing NodeENI.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string Name = "bad";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private EngineWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await EngineWorld.StartAsync();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Theory]
    [InlineData("unknown subnet name", "SubnetNotFound")]
    [InlineData("unknown security group", "SecurityGroupNotFound")]
    [InlineData("subnet in no selected node's zone", "NoSubnetInZone")]
    [InlineData("node without providerID", "NodeHasNoInstance")]
    [InlineData("node whose instance is terminated", "NodeHasNoInstance")]
    [InlineData("device index held by another NodeENI", "DeviceIndexConflict")]
    [InlineData("instance type out of ENI slots", "InsufficientEniCapacity")]
    [InlineData("EC2 permission denied", "Ec2PermissionDenied")]
    public async Task Is_reported_with_its_reason_and_a_Warning_event_and_leaks_no_eni(string input, string reason)
    {
        var spec = await ArrangeAsync(input);

        await _world.CreateNodeEniAsync(Name, spec);

        var failed = await Poll.ForValueAsync(
            async () => await _world.GetNodeEniAsync(Name) is { } n && n.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready) is { Status: "False" } c && c.Reason == reason ? c : null,
            Deadline,
            $"Ready=False with reason {reason}");
        Assert.False(string.IsNullOrWhiteSpace(failed.Message));
        await Poll.UntilAsync(async () => (await _world.EventsAsync(Name)).Any(e => e.Type == "Warning" && e.Reason == reason), Deadline, $"a {reason} Warning event");
        Assert.Empty(_world.EnisOf(Name));
    }

    private async Task<JsonObject> ArrangeAsync(string input)
    {
        var zoneA = _world.Nodes[0];
        var zoneB = _world.Nodes[1];
        var spec = _world.Spec();
        switch (input)
        {
            case "unknown subnet name":
                spec.Remove("subnetIDs");
                spec["subnetName"] = "no-such-subnet";
                break;
            case "unknown security group":
                spec["securityGroupNames"] = new JsonArray("no-such-group");
                break;
            case "subnet in no selected node's zone":
                await _world.LabelAsync(zoneB, EngineWorld.Selector);
                return _world.Spec(_world.Network.SubnetA.SubnetId);
            case "node without providerID":
                await _world.Admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "bare", Labels = new Dictionary<string, string> { ["ng"] = EngineWorld.Selector } } });
                return spec;
            case "node whose instance is terminated":
                await _world.Ec2Client.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [zoneA.InstanceId] }, TestContext.Current.CancellationToken);
                break;
            case "device index held by another NodeENI":
                await _world.LabelAsync(zoneA, EngineWorld.Selector);
                await _world.CreateNodeEniAsync("first", _world.Spec());
                await Poll.UntilAsync(() => _world.EnisOf("first") is [{ AttachmentStatus: "attached" }], Deadline, "the first NodeENI's ENI");
                return spec;
            case "instance type out of ENI slots":
                spec["deviceIndex"] = 4;
                break;
            case "EC2 permission denied":
                _world.Ec2.Faults.Rules = [new Ec2FaultRule("CreateNetworkInterface", "UnauthorizedOperation", 1)];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input, "No such bad input.");
        }

        await _world.LabelAsync(zoneA, EngineWorld.Selector);
        return spec;
    }
}
