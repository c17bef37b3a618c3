using System.Net;
using AwsMultiEni.Sandbox.Ec2.Eks;
using AwsMultiEni.Sandbox.Ec2.Iam;
using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>
/// The EC2 emulator: an EC2 Query API endpoint on loopback with an empty world (and STS <c>AssumeRole</c> for its roles), plus
/// <c>GET /_emulator/inventory</c>, <c>GET /_emulator/calls</c> (counts by action) and <c>GET /_emulator/call-log</c>
/// (every request in arrival order, with its outcome) for tests and benchmarks, and EKS's <c>DescribeCluster</c>
/// (<c>GET /clusters/NAME</c>) for the clusters added to <see cref="EksClusters"/>. Start it in-process with
/// <see cref="StartAsync"/>; the <c>ec2</c> command runs it alone.
/// </summary>
public sealed class Ec2Emulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Ec2World _world;
    private readonly Ec2Authorizer _authorizer;

    private Ec2Emulator(WebApplication app, Ec2World world, Ec2Authorizer authorizer, Ec2CallLog calls, Ec2FaultInjector faults, EksClusterRegistry eksClusters)
    {
        _app = app;
        _world = world;
        _authorizer = authorizer;
        Calls = calls;
        Faults = faults;
        EksClusters = eksClusters;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address + "/");
    }

    /// <summary>The endpoint for SDKs (<c>AWS_ENDPOINT_URL_EC2</c> / ServiceURL).</summary>
    public Uri Url { get; }

    public Ec2CallLog Calls { get; }

    public Ec2FaultInjector Faults { get; }

    /// <summary>The EKS clusters <c>GET /clusters/NAME</c> describes (<c>AWS_ENDPOINT_URL_EKS</c> pointed here).</summary>
    public EksClusterRegistry EksClusters { get; }

    /// <param name="port">A loopback port, or 0 to let the OS pick one (see <see cref="Url"/>).</param>
    public static async Task<Ec2Emulator> StartAsync(Ec2EmulatorOptions options, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var authorizer = Ec2Authorizer.Load(options.IamPolicies, options.IamPrincipals);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        var time = TimeProvider.System;
        var factor = options.TimeFactor;
        var world = new Ec2World(options.Region, options.AttachDelay / factor, options.DetachDelay / factor, options.ConsistencyLag / factor, time);
        var calls = new Ec2CallLog();
        var faults = new Ec2FaultInjector(options.Faults, options.Seed);
        var sts = StsAssumeRole.Load(authorizer, options.IamRoles, time);
        var handler = new Ec2RequestHandler(world, new Ec2Throttle(options, time), faults, authorizer, sts, calls, options.Latency);
        app.MapPost("/", handler.HandleAsync);
        app.MapGet("/", handler.HandleAsync);
        var eksClusters = new EksClusterRegistry();
        app.MapGet("/clusters/{name}", new EksRequestHandler(eksClusters, authorizer, calls, options.Region).HandleAsync);
        app.MapGet("/_emulator/inventory", () => Results.Json(Snapshot(world)));
        app.MapGet("/_emulator/calls", () => Results.Json(calls.CountByAction()));
        app.MapGet("/_emulator/call-log", () => Results.Json(calls.Records));
        await app.StartAsync(cancellationToken);
        return new Ec2Emulator(app, world, authorizer, calls, faults, eksClusters);
    }

    public Ec2Inventory Inventory() => Snapshot(_world);

    /// <summary>
    /// Holds requests signed with <paramref name="accessKeyId"/> to the policy document <paramref name="policyJson"/> from
    /// now on, as attaching a policy to that user does: for a policy that names resources made after the emulator started.
    /// </summary>
    public void AttachPolicy(string accessKeyId, string policyJson) =>
        _authorizer.Attach(accessKeyId, IamPolicy.Parse(policyJson));

    /// <summary>Completes when the host is asked to stop (Ctrl-C or SIGTERM for the <c>ec2</c> command).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Ec2Inventory Snapshot(Ec2World world)
    {
        lock (world.Sync)
        {
            world.Settle();
            world.Publish();
            return new Ec2Inventory(
                world.Vpcs.Count,
                world.Subnets.Count,
                world.SecurityGroups.Count,
                [.. world.Instances.Values.Select(instance => new Ec2InventoryInstance(instance.InstanceId, instance.InstanceType, instance.Subnet.AvailabilityZone, instance.State))],
                [.. world.LiveInterfaces.Select(eni => new Ec2InventoryNetworkInterface(
                    eni.NetworkInterfaceId,
                    eni.Subnet.SubnetId,
                    eni.Subnet.AvailabilityZone,
                    eni.Status,
                    eni.Attachment?.InstanceId,
                    eni.Attachment?.DeviceIndex,
                    eni.Attachment?.Status,
                    eni.Attachment?.DeleteOnTermination,
                    world.TagsOf(eni.NetworkInterfaceId)))]);
        }
    }
}
