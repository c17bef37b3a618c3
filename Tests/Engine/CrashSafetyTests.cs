using AwsMultiEni.Abstractions.Attachments;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Storage.GrainStorage.Hosting;
using AwsMultiEni.Silo.Storage.Reminders.Hosting;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Two silos with grain state and reminders in DynamoDB (moto); the silo running an AttachmentGrain is
/// killed after EC2 created the ENI and before the grain wrote it down. The grain's next activation, on
/// the surviving silo, repeats the create with the same ClientToken and gets the same ENI back.
/// </summary>
public sealed class CrashSafetyTests(MotoServer moto) : IClassFixture<MotoServer>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly CrashSignal _signal = new();
    private EngineWorld _world = null!;

    public async ValueTask InitializeAsync()
    {
        var grainState = MotoDynamoDB.UniqueName("GrainState");
        var reminders = MotoDynamoDB.UniqueName("Reminders");
        _world = await EngineWorld.StartAsync(new EngineWorldOptions
        {
            Silos = 2,
            Persistence = silo =>
            {
                silo.Services.AddSingleton(_ => moto.CreateDynamoDBClient());
                silo.AddDynamoDBGrainStorageAsDefault(o => o.TableName = grainState);
                silo.UseDynamoDBReminderService(o => o.TableName = reminders);
            },
            WrapGateway = (gateway, silo) => new CrashAfterCreate(gateway, silo, _signal),
        });
    }

    public async ValueTask DisposeAsync()
    {
        _signal.Release();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_silo_killed_between_create_and_its_state_write_leaves_exactly_one_eni()
    {
        var node = _world.Nodes[0];
        await _world.LabelAsync(node, EngineWorld.Selector);
        await _world.CreateNodeEniAsync("multus", _world.Spec());

        var (silo, eniId) = await _signal.Crashed.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        await _world.Silos.KillSiloAsync(_world.Silos.Silos.Single(s => s.Name == silo), TestContext.Current.CancellationToken);

        // In production the attachment's reminder re-activates it; here a call does, without waiting a minute.
        var attachment = _world.Grains.GetGrain<IAttachmentGrain>(GrainKey.Join(_world.ClusterName, "multus", node.Name));
        await Poll.UntilAsync(
            async () => (await attachment.GetHistory()).Transitions.Any(t => t.To == "Ready") && _world.EnisOf("multus") is [{ AttachmentStatus: "attached" }],
            Deadline,
            "the attachment to finish on the surviving silo");
        var eni = Assert.Single(_world.EnisOf("multus"));
        Assert.Equal(eniId, eni.NetworkInterfaceId);
        Assert.Single(_world.Ec2.Inventory().NetworkInterfaces, e => e.Tags.ContainsKey("NodeENI"));
        await Poll.UntilAsync(
            async () => await _world.GetNodeEniAsync("multus") is { Status.Attachments: [{ } reported] } n && reported.EniId == eniId
                && n.Status.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Status == "True",
            Deadline,
            "status to list the one ENI as Ready");
    }
}
