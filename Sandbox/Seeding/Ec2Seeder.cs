using Amazon.EC2;
using Amazon.EC2.Model;

namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>
/// Creates the Sandbox's network and instances through the EC2 API only, so the same seeding
/// works against the emulator, moto or any other EC2-compatible endpoint.
/// </summary>
public sealed class Ec2Seeder(IAmazonEC2 ec2, string region)
{
    private static readonly TimeSpan DescribeDeadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan DescribePollInterval = TimeSpan.FromMilliseconds(100);

    // Whatever client it is handed: a describe that finds nothing yet (EC2 lags) must answer empty lists, not null.
    static Ec2Seeder() => Amazon.AWSConfigs.InitializeCollections = true;

    public async Task<SeededWorld> SeedAsync(IReadOnlyList<string> clusters, int nodesPerCluster, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var vpc = await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = SandboxNetwork.VpcCidr, TagSpecifications = [Named(ResourceType.Vpc, SandboxNetwork.VpcName)] }, cancellationToken);
        var vpcId = vpc.Vpc.VpcId;

        var subnets = new List<SeededSubnet>();
        var nodeSubnets = new List<SeededSubnet>();
        for (var zone = 0; zone < SandboxNetwork.ZoneSuffixes.Count; zone++)
        {
            subnets.Add(await CreateSubnetAsync(vpcId, zone, SandboxNetwork.MultusSubnet(zone), cancellationToken));
            nodeSubnets.Add(await CreateSubnetAsync(vpcId, zone, SandboxNetwork.NodeSubnet(zone), cancellationToken));
        }

        var groups = new List<SeededSecurityGroup>();
        foreach (var name in new[] { SandboxNetwork.MultusSecurityGroup, SandboxNetwork.JumboSecurityGroup, SandboxNetwork.NodeSecurityGroup })
        {
            var group = await ec2.CreateSecurityGroupAsync(
                new CreateSecurityGroupRequest { VpcId = vpcId, GroupName = name, Description = $"AwsMultiEni Sandbox {name}", TagSpecifications = [Named(ResourceType.SecurityGroup, name)] },
                cancellationToken);
            groups.Add(new SeededSecurityGroup(name, group.GroupId));
        }

        var instances = new List<SeededInstance>();
        foreach (var cluster in clusters)
        {
            instances.AddRange(await RunClusterInstancesAsync(cluster, nodesPerCluster, nodeSubnets, groups.Single(g => g.Name == SandboxNetwork.NodeSecurityGroup), cancellationToken));
        }

        await WaitUntilDescribedAsync(vpcId, instances.Count, cancellationToken);
        return new SeededWorld(vpcId, [.. subnets, .. nodeSubnets], groups, instances);
    }

    /// <summary>
    /// Waits until describes show every instance launched: EC2 is eventually consistent, and a node whose instance
    /// a describe does not know yet is not what a real cluster has (its kubelet starts on a running instance).
    /// </summary>
    private async Task WaitUntilDescribedAsync(string vpcId, int count, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(DescribeDeadline);
        while (await CountDescribedAsync(vpcId, deadline.Token) < count)
        {
            await Task.Delay(DescribePollInterval, deadline.Token);
        }
    }

    private async Task<int> CountDescribedAsync(string vpcId, CancellationToken cancellationToken)
    {
        var described = 0;
        string? next = null;
        do
        {
            var page = await ec2.DescribeInstancesAsync(
                new DescribeInstancesRequest { Filters = [new Filter("vpc-id", [vpcId])], MaxResults = 1000, NextToken = next },
                cancellationToken);
            described += page.Reservations.Sum(r => r.Instances.Count);
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return described;
    }

    private async Task<SeededSubnet> CreateSubnetAsync(string vpcId, int zone, (string Name, string Cidr) subnet, CancellationToken cancellationToken)
    {
        var az = region + SandboxNetwork.ZoneSuffixes[zone];
        var created = await ec2.CreateSubnetAsync(
            new CreateSubnetRequest { VpcId = vpcId, CidrBlock = subnet.Cidr, AvailabilityZone = az, TagSpecifications = [Named(ResourceType.Subnet, subnet.Name)] },
            cancellationToken);
        return new SeededSubnet(subnet.Name, created.Subnet.SubnetId, az, subnet.Cidr);
    }

    /// <summary>Node i (from 0) goes to zone i mod 3 with instance type i mod 3 of the list: one RunInstances per zone and type.</summary>
    private async Task<IEnumerable<SeededInstance>> RunClusterInstancesAsync(
        string cluster, int count, List<SeededSubnet> nodeSubnets, SeededSecurityGroup nodeGroup, CancellationToken cancellationToken)
    {
        var slots = Enumerable.Range(0, count)
            .Select(i => (Index: i, Zone: i % nodeSubnets.Count, Type: SandboxNetwork.InstanceTypes[i / nodeSubnets.Count % SandboxNetwork.InstanceTypes.Count]))
            .GroupBy(slot => (slot.Zone, slot.Type));
        var byIndex = new SortedDictionary<int, SeededInstance>();
        foreach (var group in slots)
        {
            var subnet = nodeSubnets[group.Key.Zone];
            var response = await ec2.RunInstancesAsync(
                new RunInstancesRequest
                {
                    ImageId = SandboxNetwork.ImageId,
                    InstanceType = group.Key.Type,
                    MinCount = group.Count(),
                    MaxCount = group.Count(),
                    SubnetId = subnet.SubnetId,
                    SecurityGroupIds = [nodeGroup.GroupId],
                    TagSpecifications =
                    [
                        new TagSpecification
                        {
                            ResourceType = ResourceType.Instance,
                            Tags = [new Tag("eks:cluster-name", cluster), new Tag($"kubernetes.io/cluster/{cluster}", "owned"), new Tag("Name", $"{cluster}-node")],
                        },
                    ],
                },
                cancellationToken);
            foreach (var (slot, instance) in group.Zip(response.Reservation.Instances))
            {
                byIndex[slot.Index] = new SeededInstance(cluster, instance.InstanceId, subnet.AvailabilityZone, group.Key.Type, NodeName(instance));
            }
        }

        return byIndex.Values;
    }

    /// <summary>EKS names a node after its instance's private DNS name; an endpoint that reports none gets one from the instance ID.</summary>
    private static string NodeName(Instance instance) =>
        string.IsNullOrEmpty(instance.PrivateDnsName) ? $"{instance.InstanceId}.ec2.internal" : instance.PrivateDnsName;

    private static TagSpecification Named(ResourceType type, string name) =>
        new() { ResourceType = type, Tags = [new Tag("Name", name)] };
}
