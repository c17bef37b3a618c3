// Registers a cluster with the fleet, applies a NodeENI to it, waits until the NodeENI is Ready, and prints its
// attachments. Usage: FleetAutomation GATEWAY CLUSTER KUBECONFIG LABEL=VALUE SUBNET_ID SECURITY_GROUP_ID
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Client.Fleet;
using AwsMultiEni.Client.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args.Length != 6 || args[3].Split('=') is not [var label, var value])
{
    Console.Error.WriteLine("usage: FleetAutomation GATEWAY CLUSTER KUBECONFIG LABEL=VALUE SUBNET_ID SECURITY_GROUP_ID");
    return 2;
}

var (gateway, cluster, kubeconfig, subnetId, securityGroupId) = (args[0], args[1], args[2], args[4], args[5]);
const string NodeEniName = "automation-eni";

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders(); // this example prints its results only; a service keeps its logging
builder.AddAwsMultiEniClient(options =>
{
    options.Gateways.Add(gateway);
    options.ConnectTimeout = TimeSpan.FromSeconds(30);
});
using var host = builder.Build();
await host.StartAsync();
var fleet = host.Services.GetRequiredService<FleetClient>();
using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));

try
{
    await fleet.RegisterClusterAsync(new ClusterRegistration { Name = cluster, Region = "us-east-1", Kubeconfig = kubeconfig }, deadline.Token);

    var spec = new NodeEniSpec
    {
        NodeSelector = new Dictionary<string, string> { [label] = value },
        SubnetIds = [subnetId],
        SecurityGroupIds = [securityGroupId],
        DeviceIndex = 2,
        Description = "applied by platform automation",
    };
    await fleet.ApplyNodeEniAsync(cluster, NodeEniName, spec, deadline.Token);

    var progress = new Progress<NodeEni>(n => Console.Error.WriteLine(
        $"{n.Name}: Ready={n.Status?.Conditions?.FirstOrDefault(c => c.Type == NodeEniCondition.Ready)?.Status ?? "Unknown"}"));
    await fleet.WaitUntilReadyAsync(cluster, NodeEniName, progress, deadline.Token);

    foreach (var row in await fleet.ListAttachmentsAsync(new AttachmentQuery(cluster, NodeEniName), deadline.Token))
    {
        Console.WriteLine($"{row.Attachment.NodeId} {row.Attachment.EniId} device {row.Attachment.DeviceIndex} {row.Attachment.Status}");
    }

    return 0;
}
catch (FleetException ex)
{
    Console.Error.WriteLine($"The fleet said no ({ex.Kind}): {ex.Message}");
    return 1;
}
finally
{
    await host.StopAsync();
}
