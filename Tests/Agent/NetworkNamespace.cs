using System.Text.Json;
using AwsMultiEni.Agent.Netlink;
using AwsMultiEni.Sandbox.Nodes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// A network namespace of the test's own (needs root), deleted on dispose with everything in it.
/// Veth pairs with chosen MAC addresses stand in for ENIs; the truth about links is read with
/// <c>ip -j</c>, not with the agent's code.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var name = TestNetworkNamespaces.NewName();
        await CommandRun.RequireAsync("ip", "netns", "add", name);
        return new NetworkNamespace(name);
    }

    /// <summary>A veth pair: <paramref name="name"/> carries <paramref name="mac"/>, its peer <c>p-</c>name a MAC of its own.</summary>
    public Task AddVethAsync(string name, string mac) =>
        CommandRun.RequireAsync("ip", "-n", Name, "link", "add", name, "address", mac, "type", "veth", "peer", $"p-{name}");

    /// <summary>Runs <c>ip -n NAMESPACE ARGUMENTS</c>; returns what it printed.</summary>
    public Task<string> IpAsync(params string[] arguments) => CommandRun.RequireAsync("ip", ["-n", Name, .. arguments]);

    /// <summary>The link with this MAC as <c>ip -j link show</c> reports it, or null.</summary>
    public Task<IpLink?> LinkByMacAsync(string mac) =>
        LinkAsync(l => string.Equals(l.GetProperty("address").GetString(), mac, StringComparison.OrdinalIgnoreCase));

    public Task<IpLink?> LinkByNameAsync(string name) => LinkAsync(l => l.GetProperty("ifname").GetString() == name);

    private async Task<IpLink?> LinkAsync(Func<JsonElement, bool> match)
    {
        var json = await CommandRun.RequireAsync("ip", "-n", Name, "-j", "link", "show");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Where(match)
            .Select(l => new IpLink(
                l.GetProperty("ifindex").GetInt32(),
                l.GetProperty("ifname").GetString()!,
                l.GetProperty("mtu").GetInt32(),
                l.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP")))
            .FirstOrDefault();
    }

    /// <summary>Opens an agent netlink socket inside this namespace, as the Sandbox does for its simulated nodes.</summary>
    public Task<NetlinkSocket> OpenNetlinkAsync(uint groups = 0) => NodeNamespace.OpenNetlinkAsync(Name, groups);

    public async ValueTask DisposeAsync() => await CommandRun.RequireAsync("ip", "netns", "delete", Name);
}

internal sealed record IpLink(int Index, string Name, int Mtu, bool Up);
