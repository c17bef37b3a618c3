using System.CommandLine;
using System.Text.Json;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.PodAddresses;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Agent.Sysfs;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.Apply;

/// <summary>
/// <c>agent apply</c>: converge the node once to a desired set read from a file, without a silo,
/// print the report as JSON and exit 0 only when every interface reached its desired state.
/// </summary>
public static class ApplyCommand
{
    public const int Converged = 0;
    public const int NotConverged = 1;
    public const int BadUsage = 2;

    public static Command Create()
    {
        var options = new ApplyOptions();
        var command = new Command(
            "apply",
            "Converge this node once to a desired set read from a file, without a silo, and print the report as JSON. Exit code 0 when every interface reached its desired state, 1 when any did not, 2 for a bad command line or desired file.");
        options.AddTo(command);
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(options.Read(parsed), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ApplyArguments options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        // A desired file that cannot be read or is not a desired set is a usage error, as is an empty path (ArgumentException).
        DesiredInterfaceSet desired;
        try
        {
            desired = JsonSerializer.Deserialize<DesiredInterfaceSet>(await File.ReadAllBytesAsync(options.DesiredPath, cancellationToken), NodeJson.Options)
                ?? throw new JsonException("The desired file holds null.");
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or JsonException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"agent: {ex.Message}".AsMemory(), cancellationToken);
            return BadUsage;
        }

        using var logging = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var sysfs = new FileSysfs(options.SysfsRoot);
        var devices = new NetDevices(sysfs);
        var stateFile = new HostStateFile(options.StatePath);
        using var netlink = RouteNetlink.Open();
        var binder = new PciBinder(
            sysfs,
            stateFile,
            new InterfaceUsage(netlink),
            new DriverReadiness(sysfs, options.Dpdk, logging.CreateLogger<DriverReadiness>()),
            logging.CreateLogger<PciBinder>());
        await using var monitor = LinkMonitor.Open(netlink, logging.CreateLogger<LinkMonitor>());
        using var metadata = new InstanceMetadata(options.InstanceMetadataEndpoint, logging.CreateLogger<InstanceMetadata>());
        var converger = new InterfaceConverger(
            netlink,
            new InterfaceLocator(netlink, monitor, devices),
            new PrimaryInterfaceGuard(netlink, metadata),
            devices,
            binder,
            stateFile,
            options.InterfaceTimeout,
            logging.CreateLogger<InterfaceConverger>());
        var applier = new NodeApplier(
            converger,
            binder,
            stateFile,
            new SriovConfigFile(options.SriovConfigPath, new SriovResourceNaming(options.ResourcePrefix)),
            DevicePluginRestarters.For(Environment.GetEnvironmentVariable("NODE_NAME"), options.PluginNamespace, options.PluginLabels, errors, logging),
            new PodAddressFiles(options.IpamDataDir, logging.CreateLogger<PodAddressFiles>()),
            logging.CreateLogger<NodeApplier>());

        var report = await applier.ApplyAsync(desired, cancellationToken);
        await output.WriteLineAsync(JsonSerializer.Serialize(report, NodeJson.Options).AsMemory(), cancellationToken);
        return report.AllConverged ? Converged : NotConverged;
    }
}
