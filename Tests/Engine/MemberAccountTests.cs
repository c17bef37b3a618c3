using Amazon.Runtime;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A cluster registered with a role, end to end: the silos build their own gateways (EC2 on the emulator, STS on moto),
/// and every EC2 call the engine makes for that cluster's NodeENI, from resolving its subnets to attaching its ENI and the
/// drift check, is signed with the role's assumed key, none with the silo's own.
/// </summary>
public sealed class MemberAccountTests(SharedMotoServer moto)
{
    private const string Role = "arn:aws:iam::444455556666:role/awsmultieni-member";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_nodeeni_in_a_cluster_with_a_role_is_attached_with_the_roles_credentials_only()
    {
        Uri? ec2 = null;
        await using var world = await EngineWorld.StartAsync(new EngineWorldOptions
        {
            RegisterCluster = false,
            // The role's credentials come from moto's STS as the silo starts; EC2's endpoint, the world's emulator, is
            // known only once the world is up, before the first NodeENI asks for a gateway.
            SiloAws = services => services
                .AddSingleton(Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId))
                .AddSingleton(_ => new AwsIdentities(TimeProvider.System, Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId), new AwsServiceUrls(Sts: moto.Url)))
                .AddSingleton(_ => new AwsServiceUrls(ec2 ?? throw new InvalidOperationException("The silos asked for EC2 before the world was up."), moto.Url)),
        });
        ec2 = world.Ec2.Url;
        world.Ec2.Calls.Clear();
        await world.Grains.GetGrain<IFleetGrain>(IFleetGrain.Key).Register(new ClusterRegistration
        {
            Name = world.ClusterName, Region = EngineWorld.Region, Kubeconfig = ClusterSeeder.AllowSilo(world.Kube[0]), RoleArn = Role,
        });
        var node = world.Nodes[0];
        await world.LabelAsync(node, EngineWorld.Selector);

        await world.CreateNodeEniAsync("member", world.Spec(world.Network.SubnetA.SubnetId));

        await Poll.UntilAsync(
            async () => await world.GetNodeEniAsync("member") is { Status.Conditions: { } conditions } && conditions.Any(c => c.Type == NodeEniCondition.Ready && c.Status == "True"),
            Deadline,
            "the NodeENI to be Ready");
        // Once Ready, only the drift check (every 500 ms here) describes ENIs.
        var describes = world.Ec2.Calls.Count("DescribeNetworkInterfaces");
        await Poll.UntilAsync(() => Task.FromResult(world.Ec2.Calls.Count("DescribeNetworkInterfaces") >= describes + 2), Deadline, "drift checks");
        var eni = Assert.Single(world.EnisOf("member"));
        var fleetCalls = world.Ec2.Calls.Records.Where(r => r.AccessKeyId != "test").ToList();
        var key = Assert.Single(fleetCalls.Select(r => r.AccessKeyId).Distinct());
        Assert.StartsWith("ASIA", key, StringComparison.Ordinal);
        Assert.Equal([eni.NetworkInterfaceId], world.Ec2.Calls.CreatedNetworkInterfaceIds(key));
        Assert.Contains(fleetCalls, r => r.Action == "AttachNetworkInterface" && r.Outcome == "OK");
    }
}
