using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Aws;
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
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private EngineWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await EngineWorld.StartAsync();

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _world?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Theory]
    [InlineData("unknown subnet ID", "SubnetNotFound")]
    [InlineData("unknown subnet name", "SubnetNotFound")]
    [InlineData("subnets in two VPCs", "SubnetsInSeveralVpcs")]
    [InlineData("unknown security group", "SecurityGroupNotFound")]
    [InlineData("unknown security group ID", "SecurityGroupNotFound")]
    [InlineData("security group from another VPC", "SecurityGroupNotFound")]
    [InlineData("subnet in no selected node's zone", "NoSubnetInZone")]
    [InlineData("node without providerID", "NodeHasNoInstance")]
    [InlineData("node whose instance EC2 does not know", "NodeHasNoInstance")]
    [InlineData("node whose instance is terminated", "NodeHasNoInstance")]
    [InlineData("device index held by another NodeENI", "DeviceIndexConflict")]
    [InlineData("device index held by an ENI outside the fleet", "DeviceIndexConflict")]
    [InlineData("instance type out of ENI slots", "InsufficientEniCapacity")]
    [InlineData("EC2 permission denied", "Ec2PermissionDenied")]
    [InlineData("EC2 permission denied on attach", "Ec2PermissionDenied", true)]
    [InlineData("EC2 refuses the request", "Ec2RequestFailed")]
    public async Task Is_reported_with_its_reason_and_a_Warning_event_and_leaks_no_eni(string input, string reason, bool failsAfterCreate = false)
    {
        var spec = await ArrangeAsync(input);

        await _world.CreateNodeEniAsync(Name, spec);

        var failed = await Poll.ForValueAsync(
            async () => await _world.GetNodeEniAsync(Name) is { } n && n.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready) is { Status: "False" } c && c.Reason == reason ? c : null,
            Deadline,
            $"Ready=False with reason {reason}");
        Assert.False(string.IsNullOrWhiteSpace(failed.Message));
        await Poll.UntilAsync(async () => (await _world.EventsAsync(Name)).Any(e => e.Type == "Warning" && e.Reason == reason), Deadline, $"a {reason} Warning event");
        // Counted from every ENI the fleet ever created, not from those alive now, less any other NodeENI's.
        var others = _world.Ec2.Inventory().NetworkInterfaces.Where(e => e.Tags.TryGetValue("NodeENI", out var owner) && owner != Name).Select(e => e.NetworkInterfaceId);
        Assert.Equal(failsAfterCreate ? 1 : 0, _world.EnisCreatedByTheFleet().Except(others).Count());

        // An ENI made before the failure is still owned: deleting the NodeENI takes it along.
        await _world.Admin.CustomObjects.DeleteClusterCustomObjectAsync(NodeEni.Group, NodeEni.Version, NodeEni.Plural, Name, cancellationToken: TestContext.Current.CancellationToken);
        await Poll.UntilAsync(async () => await _world.GetNodeEniAsync(Name) is null, Deadline, "the NodeENI to be gone");
        Assert.Empty(_world.EnisOf(Name));
    }

    /// <summary>Throttling and 5xx are no failure to report: retried, they only slow the rollout, and never double an ENI.</summary>
    [Theory]
    [InlineData("RequestLimitExceeded")]
    [InlineData("InternalError")]
    public async Task A_storm_of_retryable_errors_only_slows_the_rollout(string code)
    {
        foreach (var node in _world.Nodes)
        {
            await _world.LabelAsync(node, EngineWorld.Selector);
        }

        _world.Ec2.Faults.Rules = [new Ec2FaultRule(null, code, 0.5)];
        await _world.CreateNodeEniAsync(Name, _world.Spec());

        await Poll.UntilAsync(
            async () => await _world.GetNodeEniAsync(Name) is { Status.Conditions: { } conditions, Metadata.Generation: var generation } n
                && conditions.Any(c => c.Type == NodeEniCondition.Ready && c.Status == "True") && n.Status.ObservedGeneration == generation,
            Deadline * 2,
            "Ready=True despite the storm");
        var enis = _world.Ec2.Inventory().NetworkInterfaces.Where(e => e.Tags.ContainsKey("NodeENI")).ToList();
        Assert.Equal(_world.Nodes.Select(n => n.InstanceId).Order(), enis.Select(e => e.InstanceId).Order());
        Assert.Equal(enis.Select(e => e.NetworkInterfaceId).Order(StringComparer.Ordinal), _world.EnisCreatedByTheFleet().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_spec_that_could_not_be_resolved_for_a_transient_ec2_error_is_resolved_again_once_ec2_answers()
    {
        await _world.LabelAsync(_world.Nodes[0], EngineWorld.Selector);
        _world.Ec2.Faults.Rules = [new Ec2FaultRule("DescribeSubnets", "InternalError", 1.0)];
        await _world.CreateNodeEniAsync(Name, _world.Spec(_world.Network.SubnetA.SubnetId));
        await Poll.UntilAsync(async () => await ReadyReasonAsync() == "Ec2RequestFailed", Deadline, "the resolve to fail with the storm on");

        _world.Ec2.Faults.Rules = [];

        await Poll.UntilAsync(async () => await _world.ReadyGenerationAsync(Name) == 1, Deadline, "the NodeENI to be Ready once EC2 answers again");
        Assert.Single(_world.EnisOf(Name));
    }

    private async Task<string?> ReadyReasonAsync() =>
        (await _world.GetNodeEniAsync(Name))?.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Reason;

    private async Task<JsonObject> ArrangeAsync(string input)
    {
        var zoneA = _world.Nodes[0];
        var zoneB = _world.Nodes[1];
        var spec = _world.Spec();
        switch (input)
        {
            case "unknown subnet ID":
                return await LabelledAsync(zoneA, _world.Spec("subnet-0123456789abcdef0"));
            case "subnets in two VPCs":
                var elsewhere = await Ec2TestWorld.CreateAsync(_world.Ec2Client);
                return await LabelledAsync(zoneA, _world.Spec(_world.Network.SubnetA.SubnetId, elsewhere.SubnetA.SubnetId));
            case "unknown security group ID":
                spec["securityGroupIDs"] = new JsonArray("sg-0123456789abcdef0");
                break;
            case "security group from another VPC":
                spec["securityGroupIDs"] = new JsonArray((await Ec2TestWorld.CreateAsync(_world.Ec2Client)).GroupId);
                break;
            case "node whose instance EC2 does not know":
                _world.Kube[0].AddNode(new SimulatedNode("ghost", zoneA.AvailabilityZone, "i-0123456789abcdef0", "m5.xlarge") { Labels = new Dictionary<string, string> { ["ng"] = EngineWorld.Selector } });
                return spec;
            case "device index held by an ENI outside the fleet":
                var foreign = await _world.Ec2Client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = _world.Network.SubnetA.SubnetId }, TestContext.Current.CancellationToken);
                await _world.Ec2Client.AttachNetworkInterfaceAsync(
                    new AttachNetworkInterfaceRequest { NetworkInterfaceId = foreign.NetworkInterface.NetworkInterfaceId, InstanceId = zoneA.InstanceId, DeviceIndex = 1 },
                    TestContext.Current.CancellationToken);
                await _world.DescribedInstanceAsync(zoneA.InstanceId, i => i.NetworkInterfaces.Any(e => e.Attachment.DeviceIndex == 1));
                break;
            case "EC2 permission denied on attach":
                _world.Ec2.Faults.Rules = [new Ec2FaultRule("AttachNetworkInterface", "UnauthorizedOperation", 1)];
                break;
            case "EC2 refuses the request":
                _world.Ec2.Faults.Rules = [new Ec2FaultRule("CreateNetworkInterface", "InvalidParameterValue", 1)];
                break;
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
                await _world.DescribedInstanceAsync(zoneA.InstanceId, i => i.State.Name == Amazon.EC2.InstanceStateName.Terminated);
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

        return await LabelledAsync(zoneA, spec);
    }

    private async Task<JsonObject> LabelledAsync(SimulatedNode node, JsonObject spec)
    {
        await _world.LabelAsync(node, EngineWorld.Selector);
        return spec;
    }
}
