using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>
/// The shipped IAM policy, <c>deploy/iam/silo-policy.json</c>, checked from outside: the fleet's access key is bound to
/// it in the IAM-enforcing emulator, and everything the product's own gateway does must pass, while every change to an
/// ENI the fleet does not own must be refused.
/// </summary>
public sealed class SiloPolicyTests
{
    private const string AdminAccessKeyId = "AKIAACCOUNTADMIN0000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Allows_everything_the_fleet_does_including_adoption()
    {
        await using var account = await PolicyAccount.StartAsync();
        await FleetDoesEverythingAsync(account);
    }

    [Fact]
    public async Task Narrowed_by_the_cli_to_the_account_region_and_vpc_it_still_allows_everything_the_fleet_does()
    {
        await using var account = await PolicyAccount.StartAsync();
        account.Emulator.AttachPolicy(Ec2TestClients.FleetAccessKeyId, await NarrowedAsync("us-east-1", account.World.VpcId));

        await FleetDoesEverythingAsync(account);
    }

    [Fact]
    public async Task Narrowed_to_a_vpc_it_denies_creating_an_eni_in_another_vpc_and_narrowed_to_another_region_everything()
    {
        await using var account = await PolicyAccount.StartAsync();
        var elsewhere = await Ec2TestWorld.CreateAsync(account.Admin);
        account.Emulator.AttachPolicy(Ec2TestClients.FleetAccessKeyId, await NarrowedAsync("us-east-1", account.World.VpcId));
        var fleet = Ec2TestClients.Gateway(account.Fleet);

        var refused = await Assert.ThrowsAsync<Ec2RequestException>(() => fleet.CreateNetworkInterfaceAsync(elsewhere.Eni(elsewhere.SubnetA), Ct));
        Assert.Equal("UnauthorizedOperation", refused.ErrorCode);
        Assert.Contains($"ec2:CreateNetworkInterface on resource: arn:aws:ec2:us-east-1:123456789012:network-interface/*", refused.AwsMessage, StringComparison.Ordinal);

        account.Emulator.AttachPolicy(Ec2TestClients.FleetAccessKeyId, await NarrowedAsync("eu-west-1", account.World.VpcId));
        var describe = await Assert.ThrowsAsync<Ec2RequestException>(() => fleet.DescribeInstanceAsync(account.InstanceId, Ct));
        Assert.Equal("UnauthorizedOperation", describe.ErrorCode);
    }

    /// <summary>The silo policy as <c>awsmultieni iam silo-policy</c> narrows it, for the emulated account.</summary>
    private static async Task<string> NarrowedAsync(string region, string vpcId) =>
        (await CommandRun.RunAsync(
            "dotnet",
            [RepoPaths.ProjectDll("Cli", "awsmultieni"), "iam", "silo-policy", "--account", "123456789012", "--region", region, "--vpc", vpcId])).Succeeded().Output;

    private static async Task FleetDoesEverythingAsync(PolicyAccount account)
    {
        var (emulator, admin, fleetClient, world, instanceId) = account;
        var secondGroup = (await admin.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { VpcId = world.VpcId, GroupName = $"second-{world.Tag}", Description = "second" }, Ct)).GroupId;
        var legacy = await CreateAsAdminAsync(admin, world, new Dictionary<string, string> { [EniTags.ManagedByKey] = EniTags.ManagedByValue });
        var fleet = Ec2TestClients.Gateway(fleetClient);
        var adopted = world.Eni(world.SubnetA, "node-2");

        Assert.Empty((await fleet.ResolveSubnetsAsync([world.SubnetA.SubnetId], Ct)).Unresolved);
        Assert.Empty((await fleet.ResolveSecurityGroupsAsync(world.VpcId, [world.GroupId], Ct)).Unresolved);
        Assert.NotNull(await fleet.DescribeInstanceAsync(instanceId, Ct));
        Assert.Equal(3, await fleet.GetMaxNetworkInterfacesAsync("m5.large", Ct));
        Assert.NotNull(await fleet.GetInstanceTypeLimitsAsync("m5.large", Ct));
        var eni = await fleet.CreateNetworkInterfaceAsync(world.Eni(world.SubnetA) with { Addresses = new AddressCounts(1, 0, 0) }, Ct);
        var attachmentId = await fleet.AttachNetworkInterfaceAsync(eni.NetworkInterfaceId, instanceId, 1, Ct);
        var assigned = await fleet.AssignAddressesAsync(eni.NetworkInterfaceId, new AddressCounts(1, 1, 0), Ct);
        Assert.Equal(Ec2Outcome.Done, await fleet.UnassignAddressesAsync(eni.NetworkInterfaceId, assigned, Ct));
        await fleet.SetDeleteOnTerminationAsync(eni.NetworkInterfaceId, attachmentId, true, Ct);
        await fleet.SetSecurityGroupsAsync(eni.NetworkInterfaceId, [world.GroupId, secondGroup], Ct);
        await fleet.SetDescriptionAsync(eni.NetworkInterfaceId, "changed", Ct);
        await fleet.TagNetworkInterfaceAsync(legacy, adopted.Tags, Ct);
        Assert.NotNull(await fleet.DescribeNetworkInterfaceAsync(eni.NetworkInterfaceId, Ct));
        Assert.Equal(legacy, Assert.Single(await fleet.DescribeAttachmentNetworkInterfacesAsync(adopted.Tags.AttachmentKey, Ct)).NetworkInterfaceId);
        Assert.Equal(2, (await fleet.DescribeFleetNetworkInterfacesAsync(world.Tag, Ct)).Count);
        Assert.Equal(Ec2Outcome.Done, await fleet.DetachNetworkInterfaceAsync(attachmentId, force: false, Ct));
        await Poll.UntilAsync(
            () => Task.FromResult(emulator.Inventory().NetworkInterfaces.Single(item => item.NetworkInterfaceId == eni.NetworkInterfaceId).Status == "available"),
            TimeSpan.FromSeconds(10),
            "the fleet's ENI detached");
        Assert.Equal(Ec2Outcome.Done, await fleet.DeleteNetworkInterfaceAsync(eni.NetworkInterfaceId, Ct));

        Assert.DoesNotContain(emulator.Calls.Records, call => call.AccessKeyId == Ec2TestClients.FleetAccessKeyId && call.Outcome != Ec2CallLog.Ok);
        Assert.DoesNotContain(emulator.Inventory().NetworkInterfaces, item => item.NetworkInterfaceId == eni.NetworkInterfaceId);
    }

    [Fact]
    public async Task Denies_the_fleet_any_change_to_an_eni_it_does_not_own()
    {
        await using var account = await PolicyAccount.StartAsync();
        var (emulator, admin, fleet, world, instanceId) = account;
        var otherTeams = new Dictionary<string, string> { ["team"] = "databases" };
        var loose = await CreateAsAdminAsync(admin, world, otherTeams);
        var attached = await CreateAsAdminAsync(admin, world, otherTeams);
        var attachmentId = (await admin.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = attached, InstanceId = instanceId, DeviceIndex = 1 }, Ct)).AttachmentId;
        var fleetTags = Ec2Mapping.ToTags(world.Eni(world.SubnetA).Tags.ToDictionary());

        await DeniedAsync("AttachNetworkInterface", loose, () => fleet.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = loose, InstanceId = instanceId, DeviceIndex = 2 }, Ct));
        await DeniedAsync("DetachNetworkInterface", attached, () => fleet.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId }, Ct));
        await DeniedAsync("ModifyNetworkInterfaceAttribute", attached, () => fleet.ModifyNetworkInterfaceAttributeAsync(
            new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = attached, Attachment = new NetworkInterfaceAttachmentChanges { AttachmentId = attachmentId, DeleteOnTermination = true } }, Ct));
        await DeniedAsync("ModifyNetworkInterfaceAttribute", loose, () => fleet.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = loose, Groups = [world.GroupId] }, Ct));
        await DeniedAsync("ModifyNetworkInterfaceAttribute", loose, () => fleet.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = loose, Description = "mine now" }, Ct));
        await DeniedAsync("CreateTags", loose, () => fleet.CreateTagsAsync(new CreateTagsRequest { Resources = [loose], Tags = fleetTags }, Ct));
        await DeniedAsync("DeleteNetworkInterface", loose, () => fleet.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = loose }, Ct));
        await DeniedAsync("AssignPrivateIpAddresses", attached, () => fleet.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = attached, Ipv4PrefixCount = 1 }, Ct));
        var theirs = (await admin.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = attached, SecondaryPrivateIpAddressCount = 1 }, Ct)).AssignedPrivateIpAddresses[0].PrivateIpAddress;
        await DeniedAsync("UnassignPrivateIpAddresses", attached, () => fleet.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = attached, PrivateIpAddresses = [theirs] }, Ct));
        await DeniedAsync("CreateNetworkInterface", "*", () => fleet.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, Ct));

        var inventory = emulator.Inventory().NetworkInterfaces;
        var looseNow = inventory.Single(item => item.NetworkInterfaceId == loose);
        var attachedNow = inventory.Single(item => item.NetworkInterfaceId == attached);
        Assert.Equal("available", looseNow.Status);
        Assert.Equal(otherTeams, looseNow.Tags);
        Assert.Equal((instanceId, false), (attachedNow.InstanceId, attachedNow.DeleteOnTermination));
        Assert.Equal([theirs], (await admin.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [attached] }, Ct))
            .NetworkInterfaces[0].PrivateIpAddresses.Where(address => address.Primary != true).Select(address => address.PrivateIpAddress));
        Assert.Equal(new[] { loose, attached }.Order(), inventory.Where(item => item.DeviceIndex is not 0).Select(item => item.NetworkInterfaceId).Order());
    }


    private static async Task<string> CreateAsAdminAsync(AmazonEC2Client admin, Ec2TestWorld world, IReadOnlyDictionary<string, string> tags) =>
        (await admin.CreateNetworkInterfaceAsync(
            new CreateNetworkInterfaceRequest
            {
                SubnetId = world.SubnetA.SubnetId,
                Groups = [world.GroupId],
                TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = Ec2Mapping.ToTags(tags) }],
            },
            Ct)).NetworkInterface.NetworkInterfaceId;

    private static async Task DeniedAsync(string action, string networkInterfaceId, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(call);

        Assert.Equal(("UnauthorizedOperation", HttpStatusCode.Forbidden), (error.ErrorCode, error.StatusCode));
        Assert.StartsWith($"You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/{Ec2TestClients.FleetAccessKeyId} is not authorized to perform: ec2:{action} on resource: arn:aws:ec2:us-east-1:123456789012:network-interface/{networkInterfaceId} ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An account in the IAM-enforcing emulator: the fleet's access key bound to the shipped policy, an admin key for
    /// everything else, a network and an instance the admin made.
    /// </summary>
    private sealed record PolicyAccount(Ec2Emulator Emulator, AmazonEC2Client Admin, AmazonEC2Client Fleet, Ec2TestWorld World, string InstanceId) : IAsyncDisposable
    {
        public static async Task<PolicyAccount> StartAsync()
        {
            var emulator = await Ec2Emulator.StartAsync(
                Ec2EmulatorFixture.FastOptions.BoundToFleetKey(),
                cancellationToken: Ct);
            var admin = Ec2TestClients.Client(emulator.Url, accessKeyId: AdminAccessKeyId);
            var fleet = Ec2TestClients.Client(emulator.Url, accessKeyId: Ec2TestClients.FleetAccessKeyId);
            var account = new PolicyAccount(emulator, admin, fleet, null!, string.Empty);
            try
            {
                var world = await Ec2TestWorld.CreateAsync(admin);
                return account with { World = world, InstanceId = await world.RunInstanceAsync(world.SubnetA) };
            }
            catch
            {
                // A start that failed half way still stops what it started.
                await account.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            Fleet.Dispose();
            await Emulator.DisposeAsync();
        }
    }
}
