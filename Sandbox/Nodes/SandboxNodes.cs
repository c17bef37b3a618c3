using Amazon.EC2;
using AwsMultiEni.Sandbox.Cni;
using AwsMultiEni.Sandbox.Seeding;
using Microsoft.Extensions.Hosting;

namespace AwsMultiEni.Sandbox.Nodes;

/// <summary>
/// <c>--node-netns</c>: every simulated node a network namespace of its own, named <c>CLUSTER-HOST</c> (the cluster and
/// the first label of the node's name), its ENIs hot-plugged into it as EC2 attaches them, and the real agent applying
/// its NodeGrain's desired set there. Disposing stops the agents and removes every namespace made.
/// </summary>
internal sealed class SandboxNodes : IAsyncDisposable
{
    private readonly List<NodeNamespace> _namespaces = [];
    private readonly List<IHost> _agents = [];
    private EniHotPlug? _hotPlug;

    private SandboxNodes()
    {
    }

    /// <summary>Each node's namespace, by node name.</summary>
    public Dictionary<string, string> NamespaceOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Each node's IPAM data directory, by node name, once its agent started.</summary>
    public Dictionary<string, string> IpamDataDirOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Where <c>awsmultieni-ipam</c> is, once the agents started: the CNI bin directory every node shares.</summary>
    public string? CniBinDir { get; private set; }

    public static string IpamDataDir(string nodeDirectory) => Path.Combine(nodeDirectory, "ipam");

    public static string NamespaceName(SeededInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return $"{instance.Cluster}-{instance.NodeName.Split('.')[0]}";
    }

    /// <summary>Makes the namespaces and starts hot-plugging; nothing is left behind when a namespace cannot be made.</summary>
    public static async Task<SandboxNodes> CreateAsync(IReadOnlyList<SeededInstance> instances, IAmazonEC2 ec2)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var nodes = new SandboxNodes();
        try
        {
            var byInstance = new Dictionary<string, NodeNamespace>(StringComparer.Ordinal);
            foreach (var instance in instances)
            {
                var space = await NodeNamespace.CreateAsync(NamespaceName(instance));
                nodes._namespaces.Add(space);
                byInstance[instance.InstanceId] = space;
                nodes.NamespaceOf[instance.NodeName] = space.Name;
            }

            nodes._hotPlug = new EniHotPlug(ec2, byInstance, Console.Error);
            nodes._hotPlug.Start();
            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts each node's agent, linked to the fleet through <paramref name="grains"/>; its files under <paramref name="stateDir"/>/nodes.</summary>
    /// <param name="agentKubeconfigs">Each cluster's agent kubeconfig by cluster name, for agents that reach their cluster as its agent identity; null for none.</param>
    public async Task StartAgentsAsync(
        IReadOnlyList<SeededInstance> instances, string stateDir, IGrainFactory grains, IReadOnlyDictionary<string, string>? agentKubeconfigs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        CniBinDir = InstallIpamPlugin(stateDir);
        foreach (var instance in instances)
        {
            var space = _namespaces.Single(n => n.Name == NamespaceName(instance));
            var directory = Directory.CreateDirectory(Path.Combine(stateDir, "nodes", space.Name)).FullName;
            _agents.Add(await NodeAgentHost.StartAsync(instance.Cluster, instance.NodeName, space, directory, grains, agentKubeconfigs?[instance.Cluster], cancellationToken));
            IpamDataDirOf[instance.NodeName] = IpamDataDir(directory);
        }
    }

    /// <summary>
    /// A CNI bin directory holding <c>awsmultieni-ipam</c>: a link to the plugin beside the Sandbox, where the agent's
    /// init container installs it on a real node.
    /// </summary>
    private static string InstallIpamPlugin(string stateDir)
    {
        var bin = Directory.CreateDirectory(Path.Combine(stateDir, "cni", "bin")).FullName;
        var link = Path.Combine(bin, IpamPluginBinary.Name);
        File.Delete(link);
        File.CreateSymbolicLink(link, IpamPluginBinary.Path);
        return bin;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.StopAsync();
            agent.Dispose();
        }

        if (_hotPlug is not null)
        {
            await _hotPlug.DisposeAsync();
        }

        foreach (var space in _namespaces)
        {
            await space.DisposeAsync();
        }
    }
}
