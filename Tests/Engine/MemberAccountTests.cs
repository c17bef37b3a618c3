using System.Text.Json.Nodes;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Sandbox.Ec2.Iam;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// A cluster registered with a role, end to end, against the emulated STS: the silos build their own gateways, assume
/// the member role with its external ID as <c>deploy/iam/member-role-trust.json</c> demands, and every EC2 call the
/// engine makes for that cluster's NodeENI, from resolving its subnets to attaching its ENI and the drift check, is
/// signed with the role's assumed key and allowed by <c>member-role-policy.json</c>, none with the silo's own. A wrong
/// external ID is refused by STS and nothing reaches EC2.
/// </summary>
public sealed class MemberAccountTests
{
    private const string Role = "arn:aws:iam::444455556666:role/awsmultieni-member";
    private const string SiloRole = "arn:aws:iam::111122223333:role/awsmultieni-silo";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The external ID the shipped trust policy asks for.</summary>
    private static string ShippedExternalId =>
        JsonNode.Parse(RepositoryFiles.Read("deploy/iam/member-role-trust.json"))!["Statement"]![0]!["Condition"]!["StringEquals"]!["sts:ExternalId"]!.GetValue<string>();

    [Fact]
    public async Task A_nodeeni_in_a_cluster_with_a_role_is_attached_with_the_roles_credentials_only()
    {
        await using var world = await StartAsync();
        await RegisterAsync(world, ShippedExternalId);
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
        var fleetCalls = world.Ec2.Calls.Records.Where(r => r.AccessKeyId != "test" && r.Action != "AssumeRole").ToList();
        var key = Assert.Single(fleetCalls.Select(r => r.AccessKeyId).Distinct());
        Assert.StartsWith("ASIA", key, StringComparison.Ordinal);
        Assert.Equal([eni.NetworkInterfaceId], world.Ec2.Calls.CreatedNetworkInterfaceIds(key));
        Assert.Contains(fleetCalls, r => r.Action == "AttachNetworkInterface" && r.Outcome == "OK");
        Assert.DoesNotContain(world.Ec2.Calls.Records, r => r.Denial is not null);
    }

    [Fact]
    public async Task A_wrong_external_id_is_refused_by_STS_and_the_cluster_reports_it_without_any_EC2_call()
    {
        await using var world = await StartAsync();
        await RegisterAsync(world, "someone-elses-guess");

        var watch = await Poll.ForValueAsync(
            async () => (await world.Grains.GetGrain<IClusterGrain>(world.ClusterName).GetSummary()).Watch is { LastError: not null } w ? w : null,
            Deadline,
            "the cluster to report its error");

        Assert.False(watch.Watching);
        Assert.StartsWith($"Cannot assume role {Role}: AccessDenied", watch.LastError, StringComparison.Ordinal);
        var refused = Assert.Single(world.Ec2.Calls.Records, r => r.AccessKeyId != "test");
        Assert.Equal(("AssumeRole", "AccessDenied", Ec2TestClients.FleetAccessKeyId), (refused.Action, refused.Outcome, refused.AccessKeyId));
        Assert.Equal($"User: {SiloRole} is not authorized to perform: sts:AssumeRole on resource: {Role}", refused.Denial);
        // The refusal is this test's point: the world's closing check that the shipped policies refused nothing would fail on it.
        world.Ec2.Calls.Clear();
    }

    /// <summary>
    /// A world whose EC2 endpoint also answers STS: the member role with the shipped trust and permission policies, and
    /// the silos' key known as the silo role the trust names.
    /// </summary>
    private static Task<EngineWorld> StartAsync() => EngineWorld.StartAsync(new EngineWorldOptions
    {
        RegisterCluster = false,
        Ec2 = options => options with
        {
            IamPrincipals = new Dictionary<string, string>(StringComparer.Ordinal) { [Ec2TestClients.FleetAccessKeyId] = SiloRole },
            IamRoles = new Dictionary<string, IamRole>(StringComparer.Ordinal)
            {
                [Role] = new(RepositoryFiles.PathOf("deploy/iam/member-role-trust.json"), RepositoryFiles.PathOf("deploy/iam/member-role-policy.json")),
            },
        },
        SiloAws = (services, ec2) => services
            .AddSingleton(Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId))
            .AddSingleton(new AwsServiceUrls(ec2, ec2))
            .AddSingleton(_ => new AwsIdentities(TimeProvider.System, Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId), new AwsServiceUrls(Sts: ec2))),
    });

    private static async Task RegisterAsync(EngineWorld world, string externalId)
    {
        world.Ec2.Calls.Clear();
        await world.Grains.GetGrain<IFleetGrain>(IFleetGrain.Key).Register(new ClusterRegistration
        {
            Name = world.ClusterName, Region = EngineWorld.Region, Kubeconfig = ClusterSeeder.AllowSilo(world.Kube[0]), RoleArn = Role, ExternalId = externalId,
        });
    }
}
