using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// The end-to-end core once with moto as EC2 (lax where the emulator is strict, but written by someone else):
/// kubectl apply makes an attached ENI with DeleteOnTermination, a removed label deletes it, and deleting the
/// NodeENI deletes its ENIs before the finalizer lets the object go.
/// </summary>
public sealed class MotoEndToEndTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Apply_label_removal_and_delete_converge_on_moto()
    {
        await moto.ResetAsync();
        GatewayCallRecorder? recorder = null;
        var options = new EngineWorldOptions
        {
            WrapGateway = (gateway, _) =>
            {
                (var wrapped, recorder) = GatewayCallRecorder.Wrap(gateway);
                return wrapped;
            },
        };
        await using var world = await KubectlWorld.StartAsync(ec2Endpoint: moto.Url, options: options);
        var kubectl = world.Kubectl();
        (await kubectl.RunAsync("label", "node", "node-0", "node-1", "ng=multi-eni")).Succeeded();

        (await kubectl.RunAsync("apply", "-f", world.Example("nodeeni-multi-az.yaml"))).Succeeded();

        await Poll.UntilAsync(() => world.IsReadyAsync("multus-eni-multi-az"), Deadline, "the NodeENI to be Ready", Poll.ProcessInterval);
        var enis = await world.EnisAsync("multus-eni-multi-az");
        Assert.Equal(
            [(world.Instance(0, 0).InstanceId, "node-0"), (world.Instance(0, 1).InstanceId, "node-1")],
            enis.OrderBy(e => e.Node, StringComparer.Ordinal).Select(e => (e.InstanceId!, e.Node!)));
        Assert.All(enis, e => Assert.Equal((2, "attached"), (e.DeviceIndex, e.AttachmentStatus)));

        // Every ENI moto ever answered a create with is one of these two: no duplicate was made and swept since.
        var created = (await recorder!.ReturnedAsync<Ec2NetworkInterface>(nameof(IEc2Gateway.CreateNetworkInterfaceAsync))).Select(e => e.NetworkInterfaceId).Distinct();
        Assert.Equal(enis.Select(e => e.EniId).Order(), created.Order());

        // moto keeps no DeleteOnTermination on attachments it did not launch: what it accepted is the evidence.
        var setToTrue = recorder!.Succeeded(nameof(IEc2Gateway.SetDeleteOnTerminationAsync)).Where(args => args[2] is true).Select(args => (string)args[0]!);
        Assert.Equal(enis.Select(e => e.EniId).Order(), setToTrue.Distinct().Order());

        (await kubectl.RunAsync("label", "node", "node-1", "ng-")).Succeeded();

        await Poll.UntilAsync(async () => await world.EnisAsync() is [{ Node: "node-0" }], Deadline, "node-1's ENI to be deleted", Poll.ProcessInterval);

        (await kubectl.RunAsync("delete", "nodeeni", "multus-eni-multi-az", "--timeout=60s")).Succeeded();

        Assert.Empty(await world.EnisAsync());
        Assert.Null(await world.GetNodeEniAsync("multus-eni-multi-az"));
    }
}
