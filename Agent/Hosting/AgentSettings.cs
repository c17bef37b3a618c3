using System.Globalization;
using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Client.Connection;

namespace AwsMultiEni.Agent.Hosting;

/// <summary>
/// The long-running agent's configuration (section <c>Agent</c>, plus <c>NODE_NAME</c> from the
/// Downward API): which NodeGrain it serves and how it reaches the silos.
/// </summary>
public sealed class AgentSettings
{
    public const string Section = "Agent";
    public const string NodeNameKey = "NODE_NAME";

    /// <summary>The cluster's registered fleet name, the first part of the NodeGrain key.</summary>
    public string? Cluster { get; set; }

    /// <summary>Silo gateways as <c>host:port</c>; host names are resolved again on every gateway-list refresh.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>How often the desired set is read again, since observer pushes are best-effort.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one apply waits for an ENI's interface to appear before reporting it missing.</summary>
    public TimeSpan InterfaceWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the node's IPAM store is read for a change in pod-address use to report.</summary>
    public TimeSpan AddressUseInterval { get; set; } = TimeSpan.FromSeconds(5);

    public string PluginNamespace { get; set; } = "kube-system";

    public string PluginLabels { get; set; } = "app=sriovdp";

    /// <summary>Whether the agent may load a DPDK driver that is not loaded (vfio-pci) with <see cref="Modprobe"/>.</summary>
    public bool LoadDriverModules { get; set; }

    public string Modprobe { get; set; } = DpdkHostSettings.DefaultModprobe;

    /// <summary>Whether the agent may turn on vfio's no-IOMMU mode on a node without an IOMMU; it taints the kernel.</summary>
    public bool EnableUnsafeNoIommuMode { get; set; }

    /// <summary>Where EC2 instance metadata answers, for the primary ENI's MAC address.</summary>
    public string InstanceMetadataEndpoint { get; set; } = InstanceMetadata.DefaultEndpoint.ToString();

    /// <summary>The prefix of a <c>dpdkResourceName</c> given without one: the device plugin's <c>--resource-prefix</c>.</summary>
    public string SriovResourcePrefix { get; set; } = SriovResourceNaming.Default.DefaultPrefix;

    public DpdkHostSettings Dpdk => new(LoadDriverModules, Modprobe, EnableUnsafeNoIommuMode);

    public static AgentSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<AgentSettings>() ?? new AgentSettings();

    /// <summary>What keeps the host from starting, each as a sentence naming the setting; empty when none.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        AgentSettings settings;
        try
        {
            settings = From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            return [$"the Agent configuration section cannot be read: {ex.Message}"];
        }

        if (!IsKeyPart(configuration[NodeNameKey]))
        {
            problems.Add($"{NodeNameKey} is not set (or contains '{GrainKey.Separator}'); set it from the pod's spec.nodeName with the Downward API.");
        }

        if (!IsKeyPart(settings.Cluster))
        {
            problems.Add("Agent__Cluster is not set (or contains '/'); set it to this cluster's name as registered with the fleet.");
        }

        if (settings.Gateways.Count == 0)
        {
            problems.Add("Agent__Gateways__0 is not set; give at least one silo gateway as host:port.");
        }

        problems.AddRange(settings.Gateways.Where(g => !GatewayEndpoint.TryParse(g, out _)).Select(g => $"gateway '{g}' is not host:port."));
        if (DevicePluginPodSelector.ProblemWith(settings.PluginLabels) is { } selector)
        {
            problems.Add($"Agent__PluginLabels: {selector}");
        }

        if (InstanceMetadata.ProblemWith(settings.InstanceMetadataEndpoint) is { } endpoint)
        {
            problems.Add($"Agent__InstanceMetadataEndpoint: {endpoint}");
        }

        if (SriovResourceNaming.ProblemWith(settings.SriovResourcePrefix) is { } prefix)
        {
            problems.Add($"Agent__SriovResourcePrefix: {prefix}");
        }

        if (settings.ResyncInterval <= TimeSpan.Zero || settings.InterfaceWait <= TimeSpan.Zero || settings.AddressUseInterval <= TimeSpan.Zero)
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Agent__ResyncInterval ({settings.ResyncInterval}), Agent__InterfaceWait ({settings.InterfaceWait}) and Agent__AddressUseInterval ({settings.AddressUseInterval}) must be positive."));
        }

        return problems;
    }

    private static bool IsKeyPart(string? value) => !string.IsNullOrWhiteSpace(value) && !value.Contains(GrainKey.Separator, StringComparison.Ordinal);
}
