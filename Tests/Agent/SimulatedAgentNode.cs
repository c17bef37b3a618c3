using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.PodAddresses;
using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Tests.Engine;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// A node as the agent sees it: a network namespace of the test's own (veth pairs stand in for ENIs),
/// PCI devices in a sysfs layout played by <see cref="FakePciKernel"/>, the state file and the SR-IOV
/// config in that layout's directory, and the agent's netlink sockets opened inside the namespace.
/// </summary>
internal sealed class SimulatedAgentNode : IAsyncDisposable
{
    private readonly WorldParts _parts;
    private readonly ServiceProvider _meters;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private SimulatedAgentNode(WorldParts parts, NetworkNamespace network, NamespacedNetlink netlink, FakePciKernel kernel)
    {
        _parts = parts;
        Network = network;
        Netlink = netlink;
        Kernel = kernel;
        _meters = parts.Add(new ServiceCollection().AddMetrics().BuildServiceProvider(), "the meters");
        parts.Add(this, "the agent link", StopLinkAsync);
    }

    public NetworkNamespace Network { get; }

    public NamespacedNetlink Netlink { get; }

    public FakePciKernel Kernel { get; }

    public string SriovPath => Path.Combine(Kernel.Root, "pcidp", "config.json");

    public HostStateFile StateFile => new(Path.Combine(Kernel.Root, "state.json"));

    /// <summary>The node's IPAM data directory: the agent's ranges files and awsmultieni-ipam's allocations.</summary>
    public string IpamDataDir => Path.Combine(Kernel.Root, "ipam");

    public PodAddressFiles PodAddresses => new(IpamDataDir, NullLogger<PodAddressFiles>.Instance);

    /// <summary>What the agent may change in the node's kernel for a DPDK driver; nothing by default.</summary>
    public DpdkHostSettings Dpdk { get; set; } = DpdkHostSettings.Default;

    /// <summary>Where the node's instance metadata answers; by default a loopback port nothing listens on, as off EC2.</summary>
    public Uri InstanceMetadataEndpoint { get; set; } = new($"http://127.0.0.1:{FreePort.Next()}");

    public static Task<SimulatedAgentNode> CreateAsync() => WorldParts.StartAsync(nameof(SimulatedAgentNode), async parts =>
    {
        var network = parts.Add(await NetworkNamespace.CreateAsync(), "the network namespace");
        var kernel = parts.AddDisposable(FakePciKernel.Create(), "the sysfs layout");
        var netlink = parts.Add(await NamespacedNetlink.OpenAsync(network), "the netlink sockets");
        return new SimulatedAgentNode(parts, network, netlink, kernel);
    });

    /// <summary>
    /// The ENI of <paramref name="nodeEni"/> appears on the node as <paramref name="interfaceName"/>, as on EC2 after the
    /// attach: waits for EC2 to show it attached, then adds its link with its MAC (and its PCI device when it has one).
    /// </summary>
    public async Task<string> HotPlugAsync(EngineWorld world, string nodeEni, string interfaceName, TimeSpan deadline, string? pciAddress = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        var eni = await Poll.ForValueAsync(() => Task.FromResult(world.EnisOf(nodeEni) is [{ AttachmentStatus: "attached" } e] ? e : null), deadline, $"the ENI of {nodeEni} to be attached");
        var mac = (await world.DescribedEniAsync(eni.NetworkInterfaceId)).MacAddress;
        if (pciAddress is not null)
        {
            Kernel.AddNetDevice(interfaceName, pciAddress, mac);
        }

        await Network.AddVethAsync(interfaceName, mac);
        return mac;
    }

    /// <summary>An ENI on its kernel driver: a veth carrying <paramref name="mac"/>, backed by the PCI device at <paramref name="pciAddress"/>.</summary>
    public async Task AddPciEniAsync(string interfaceName, string mac, string pciAddress)
    {
        await Network.AddVethAsync(interfaceName, mac);
        Kernel.AddNetDevice(interfaceName, pciAddress, mac);
    }

    public NodeApplier Applier(IDevicePluginRestarter restarter, TimeSpan interfaceWait, SriovResourceNaming? naming = null)
    {
        var devices = new NetDevices(Kernel);
        var binder = new PciBinder(Kernel, StateFile, new InterfaceUsage(Netlink.Netlink), Readiness(), NullLogger<PciBinder>.Instance);
        var metadata = _parts.AddDisposable(new InstanceMetadata(InstanceMetadataEndpoint, NullLogger<InstanceMetadata>.Instance), "the instance metadata client");
        var converger = new InterfaceConverger(
            Netlink.Netlink,
            new InterfaceLocator(Netlink.Netlink, Netlink.Monitor, devices),
            new PrimaryInterfaceGuard(Netlink.Netlink, metadata),
            devices,
            binder,
            StateFile,
            interfaceWait,
            NullLogger<InterfaceConverger>.Instance);
        return new NodeApplier(converger, binder, StateFile, new SriovConfigFile(SriovPath, naming ?? SriovResourceNaming.Default), restarter, PodAddresses, NullLogger<NodeApplier>.Instance);
    }

    public DriverReadiness Readiness() => new(Kernel, Dpdk, NullLogger<DriverReadiness>.Instance);

    /// <summary>Starts this node's agent link to its NodeGrain through <paramref name="grains"/>; stopped on dispose.</summary>
    public NodeLinkStatus StartLink(IGrainFactory grains, NodeLinkSettings settings, IDevicePluginRestarter? restarter = null)
    {
        var status = new NodeLinkStatus(TimeProvider.System);
        var link = new NodeLink(
            grains,
            Applier(restarter ?? new CountingRestarter(), TimeSpan.FromSeconds(5)),
            PodAddresses,
            Netlink.Monitor,
            settings,
            status,
            new AgentMetrics(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), status),
            TimeProvider.System,
            NullLogger<NodeLink>.Instance);
        _running = link.RunAsync(_stop.Token);
        return status;
    }

    public ValueTask DisposeAsync() => _parts.DisposeAsync();

    /// <summary>Stops a node's agent, then the world it linked to; either may be null when a test's start failed half way.</summary>
    public static async ValueTask StopBothAsync(SimulatedAgentNode? agent, EngineWorld? world)
    {
        if (agent is not null)
        {
            await agent.DisposeAsync();
        }

        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }

    private static async ValueTask StopLinkAsync(SimulatedAgentNode node)
    {
        await node._stop.CancelAsync();
        await node._running;
        node._stop.Dispose();
    }
}

/// <summary>A device plugin restarter that only counts.</summary>
internal sealed class CountingRestarter : IDevicePluginRestarter
{
    public int Restarts { get; private set; }

    public Task RestartAsync(CancellationToken cancellationToken)
    {
        Restarts++;
        return Task.CompletedTask;
    }
}

/// <summary>A device plugin restarter whose API call times out, as HttpClient reports it: an OperationCanceledException.</summary>
internal sealed class TimingOutRestarter : IDevicePluginRestarter
{
    public Task RestartAsync(CancellationToken cancellationToken) =>
        throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");
}
