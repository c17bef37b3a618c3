using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Aws;

/// <summary>
/// A VPC of its own per test (so tests on one shared endpoint never see each other's resources), seeded
/// through the SDK directly: two subnets in two zones with unique <c>Name</c> tags and a security group.
/// </summary>
public sealed record Ec2TestWorld(IAmazonEC2 Client, string Tag, string VpcId, Ec2Subnet SubnetA, Ec2Subnet SubnetB, string GroupId)
{
    public static async Task<Ec2TestWorld> CreateAsync(IAmazonEC2 client, string region = "us-east-1")
    {
        ArgumentNullException.ThrowIfNull(client);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var vpc = (await client.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.20.0.0/16" })).Vpc.VpcId;
        var a = await CreateSubnetAsync(client, vpc, "10.20.1.0/24", region + "a", $"a-{tag}");
        var b = await CreateSubnetAsync(client, vpc, "10.20.2.0/24", region + "b", $"b-{tag}");
        var group = await client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { VpcId = vpc, GroupName = $"g-{tag}", Description = "test" });
        return new Ec2TestWorld(client, tag, vpc, a, b, group.GroupId);
    }

    public async Task<string> RunInstanceAsync(Ec2Subnet subnet, string instanceType = "m5.large")
    {
        ArgumentNullException.ThrowIfNull(subnet);
        var run = await Client.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-12345678", InstanceType = instanceType, MinCount = 1, MaxCount = 1, SubnetId = subnet.SubnetId,
        });
        return run.Reservation.Instances[0].InstanceId;
    }

    public CreateEniRequest Eni(Ec2Subnet subnet, string node = "node-1", string? cluster = null, long intent = 1)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        var key = $"{cluster ?? Tag}/eni-{Tag}/{node}";
        return new CreateEniRequest(
            subnet.SubnetId,
            [GroupId],
            $"test {Tag}",
            EniClientToken.For(key, 0, intent),
            new EniTags($"{node}-{Tag}", $"eni-{Tag}", node, subnet.SubnetId, cluster ?? Tag, key));
    }

    /// <summary>Another subnet in this VPC, say a second one in a zone.</summary>
    public Task<Ec2Subnet> AddSubnetAsync(string cidr, string zone, string name) => CreateSubnetAsync(Client, VpcId, cidr, zone, name);

    private static async Task<Ec2Subnet> CreateSubnetAsync(IAmazonEC2 client, string vpcId, string cidr, string zone, string name)
    {
        var subnet = (await client.CreateSubnetAsync(new CreateSubnetRequest
        {
            VpcId = vpcId,
            CidrBlock = cidr,
            AvailabilityZone = zone,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Subnet, Tags = [new Tag("Name", name)] }],
        })).Subnet;
        return new Ec2Subnet(subnet.SubnetId, vpcId, zone, cidr, name);
    }
}
