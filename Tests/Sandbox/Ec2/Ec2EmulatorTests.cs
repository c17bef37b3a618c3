using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>The emulator at the wire: other SDKs, DryRun, pagination, throttling, asynchronous attach, its test endpoints.</summary>
public sealed class Ec2EmulatorTests(Ec2EmulatorFixture fixture) : IClassFixture<Ec2EmulatorFixture>
{
    private const string Boto3Script = """
        import boto3, json
        ec2 = boto3.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZone="us-east-1c")["Subnet"]["SubnetId"]
        instance = ec2.run_instances(ImageId="ami-12345678", InstanceType="c5n.large", MinCount=1, MaxCount=1, SubnetId=subnet)["Instances"][0]["InstanceId"]
        eni = ec2.create_network_interface(SubnetId=subnet, ClientToken="boto3-token",
            TagSpecifications=[{"ResourceType": "network-interface", "Tags": [{"Key": "Owner", "Value": "boto3"}]}])["NetworkInterface"]
        ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"], InstanceId=instance, DeviceIndex=1)
        pages = ec2.get_paginator("describe_network_interfaces").paginate(
            Filters=[{"Name": "subnet-id", "Values": [subnet]}], PaginationConfig={"PageSize": 5})
        described = [e for page in pages for e in page["NetworkInterfaces"]]
        try:
            ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
            error = None
        except ec2.exceptions.ClientError as e:
            error = e.response["Error"]["Code"]
        limit = ec2.describe_instance_types(InstanceTypes=["c5n.large"])["InstanceTypes"][0]["NetworkInfo"]["MaximumNetworkInterfaces"]
        print(json.dumps({"eni": eni["NetworkInterfaceId"], "tags": eni["TagSet"], "count": len(described), "deleteError": error, "limit": limit}))
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Boto3_drives_the_emulator_through_AWS_ENDPOINT_URL_EC2()
    {
        var start = new ProcessStartInfo("python3", ["-c", Boto3Script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["AWS_ENDPOINT_URL_EC2"] = fixture.Emulator.Url.ToString().TrimEnd('/');
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(python.ExitCode == 0, await errors);
        var result = System.Text.Json.JsonDocument.Parse(await output).RootElement;
        var eniId = result.GetProperty("eni").GetString()!;
        Assert.Equal("boto3", result.GetProperty("tags")[0].GetProperty("Value").GetString());
        Assert.Equal(2, result.GetProperty("count").GetInt32());
        Assert.Equal("InvalidNetworkInterface.InUse", result.GetProperty("deleteError").GetString());
        Assert.Equal(3, result.GetProperty("limit").GetInt32());
        Assert.Equal(1, fixture.Emulator.Inventory().NetworkInterfaces.Single(eni => eni.NetworkInterfaceId == eniId).DeviceIndex);
    }

    [Fact]
    public async Task Serves_its_inventory_and_call_counts_as_json()
    {
        using var client = Ec2TestClients.Client(fixture.Emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var eni = await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetB.SubnetId }, TestContext.Current.CancellationToken);

        var inventory = await Http.GetFromJsonAsync<Ec2Inventory>(new Uri(fixture.Emulator.Url, "_emulator/inventory"), TestContext.Current.CancellationToken);
        var calls = await Http.GetFromJsonAsync<Dictionary<string, int>>(new Uri(fixture.Emulator.Url, "_emulator/calls"), TestContext.Current.CancellationToken);

        var listed = inventory!.NetworkInterfaces.Single(item => item.NetworkInterfaceId == eni.NetworkInterface.NetworkInterfaceId);
        Assert.Equal(("available", world.SubnetB.AvailabilityZone, null), (listed.Status, listed.AvailabilityZone, listed.InstanceId));
        Assert.True(calls!["CreateNetworkInterface"] >= 1);
    }

    [Fact]
    public async Task DryRun_answers_DryRunOperation_and_changes_nothing()
    {
        using var client = Ec2TestClients.Client(fixture.Emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var before = fixture.Emulator.Inventory().NetworkInterfaces.Count(eni => eni.SubnetId == world.SubnetA.SubnetId);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId, DryRun = true }, TestContext.Current.CancellationToken));

        Assert.Equal(("DryRunOperation", HttpStatusCode.PreconditionFailed), (error.ErrorCode, error.StatusCode));
        Assert.Equal(before, fixture.Emulator.Inventory().NetworkInterfaces.Count(eni => eni.SubnetId == world.SubnetA.SubnetId));
    }

    [Fact]
    public async Task Paginates_with_MaxResults_and_NextToken()
    {
        using var client = Ec2TestClients.Client(fixture.Emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        for (var i = 0; i < 12; i++)
        {
            await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, TestContext.Current.CancellationToken);
        }

        var pages = new List<int>();
        string? token = null;
        do
        {
            var page = await client.DescribeNetworkInterfacesAsync(
                new DescribeNetworkInterfacesRequest { Filters = [new Filter("subnet-id", [world.SubnetA.SubnetId])], MaxResults = 5, NextToken = token },
                TestContext.Current.CancellationToken);
            pages.Add(page.NetworkInterfaces.Count);
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal([5, 5, 2], pages);
    }

    [Fact]
    public async Task Unknown_actions_and_filters_are_errors_not_silence()
    {
        using var client = Ec2TestClients.Client(fixture.Emulator.Url);

        var filter = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            client.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("no-such-filter", ["x"])] }, TestContext.Current.CancellationToken));
        var action = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            client.DescribeVolumesAsync(new DescribeVolumesRequest(), TestContext.Current.CancellationToken));

        Assert.Equal("InvalidParameterValue", filter.ErrorCode);
        Assert.Equal("InvalidAction", action.ErrorCode);
    }

    /// <summary>Injected latency delays every answer by at least the configured time (a lower bound, so it cannot flake).</summary>
    [Fact]
    public async Task Injected_latency_delays_every_answer()
    {
        var latency = TimeSpan.FromMilliseconds(300);
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { Latency = latency }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        await client.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), Ct);

        var clock = Stopwatch.StartNew();
        await client.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), Ct);
        await client.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct);

        Assert.True(clock.Elapsed >= 2 * latency, $"Two calls took {clock.Elapsed.TotalMilliseconds:0} ms; each should take at least {latency.TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task Throttles_with_RequestLimitExceeded_beyond_the_bucket()
    {
        var buckets = new Ec2ThrottleBuckets { Tags = new TokenBucketOptions { Capacity = 2, RefillPerSecond = 0.01 } };
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { Throttling = true, Buckets = buckets }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var vpc = await client.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" }, TestContext.Current.CancellationToken);
        var tag = new CreateTagsRequest { Resources = [vpc.Vpc.VpcId], Tags = [new Tag("k", "v")] };

        await client.CreateTagsAsync(tag, TestContext.Current.CancellationToken);
        await client.CreateTagsAsync(tag, TestContext.Current.CancellationToken);
        var throttled = await Assert.ThrowsAsync<AmazonEC2Exception>(() => client.CreateTagsAsync(tag, TestContext.Current.CancellationToken));

        Assert.Equal(("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable), (throttled.ErrorCode, throttled.StatusCode));
        Assert.Equal(Ec2ErrorKind.Throttled, Ec2ErrorClassifier.Classify(throttled.ErrorCode, (int)throttled.StatusCode));
    }

    [Fact]
    public async Task Attach_goes_through_attaching_before_attached()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { AttachDelay = TimeSpan.FromSeconds(3) }, cancellationToken: Ct);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var instanceId = await world.RunInstanceAsync(world.SubnetA);
        var eni = await client.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId }, TestContext.Current.CancellationToken);

        await client.AttachNetworkInterfaceAsync(
            new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni.NetworkInterface.NetworkInterfaceId, InstanceId = instanceId, DeviceIndex = 1 },
            TestContext.Current.CancellationToken);

        Assert.Equal("attaching", emulator.Inventory().NetworkInterfaces.Single(item => item.NetworkInterfaceId == eni.NetworkInterface.NetworkInterfaceId).AttachmentStatus);
        await Poll.UntilAsync(
            () => emulator.Inventory().NetworkInterfaces.Single(item => item.NetworkInterfaceId == eni.NetworkInterface.NetworkInterfaceId).AttachmentStatus == "attached",
            TimeSpan.FromSeconds(15),
            "the attachment to settle");
    }

    [Fact]
    public async Task A_repeated_client_token_returns_the_first_result()
    {
        using var client = Ec2TestClients.Client(fixture.Emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        var run = new RunInstancesRequest { ImageId = "ami-12345678", InstanceType = "r5.large", MinCount = 1, MaxCount = 1, SubnetId = world.SubnetA.SubnetId, ClientToken = world.Tag };
        var create = new CreateNetworkInterfaceRequest { SubnetId = world.SubnetA.SubnetId, ClientToken = world.Tag };

        var firstRun = await client.RunInstancesAsync(run, TestContext.Current.CancellationToken);
        var secondRun = await client.RunInstancesAsync(run, TestContext.Current.CancellationToken);
        var firstEni = await client.CreateNetworkInterfaceAsync(create, TestContext.Current.CancellationToken);
        var secondEni = await client.CreateNetworkInterfaceAsync(create, TestContext.Current.CancellationToken);
        create.Description = "changed";
        var mismatch = await Assert.ThrowsAsync<AmazonEC2Exception>(() => client.CreateNetworkInterfaceAsync(create, TestContext.Current.CancellationToken));

        Assert.Equal(firstRun.Reservation.Instances[0].InstanceId, secondRun.Reservation.Instances[0].InstanceId);
        Assert.Equal(firstEni.NetworkInterface.NetworkInterfaceId, secondEni.NetworkInterface.NetworkInterfaceId);
        Assert.Equal("IdempotentParameterMismatch", mismatch.ErrorCode);
    }
}
