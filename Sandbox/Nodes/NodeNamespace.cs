using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using AwsMultiEni.Agent.Netlink;

namespace AwsMultiEni.Sandbox.Nodes;

/// <summary>
/// A simulated node's network namespace (needs root): made with <c>ip netns add</c>, removed with every link in it.
/// The node's ENIs appear in it as veth pairs carrying the ENI's MAC, and its agent's netlink sockets are opened in it.
/// </summary>
public sealed partial class NodeNamespace : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;

    private NodeNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>Makes the namespace; one left behind by a Sandbox that was killed is an error that says how to remove it.</summary>
    public static async Task<NodeNamespace> CreateAsync(string name)
    {
        if (File.Exists($"/var/run/netns/{name}"))
        {
            throw new InvalidOperationException($"A network namespace named {name} exists already: another Sandbox with --node-netns runs, or one was killed. Remove it with: ip netns delete {name}");
        }

        await IpAsync("netns", "add", name);
        return new NodeNamespace(name);
    }

    /// <summary>
    /// A netlink socket inside namespace <paramref name="name"/>: a socket belongs to the namespace of the thread that
    /// made it, so it is made on a short-lived thread that entered the namespace first.
    /// </summary>
    public static Task<NetlinkSocket> OpenNetlinkAsync(string name, uint groups = 0)
    {
        var opened = new TaskCompletionSource<NetlinkSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{name}");
                if (SetNs(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {name}");
                }

                opened.SetResult(NetlinkSocket.Open(groups));
            }
            catch (Exception ex) when (ex is Win32Exception or NetlinkException or IOException)
            {
                opened.SetException(ex);
            }
        });
        thread.Start();
        return opened.Task;
    }

    public Task<NetlinkSocket> OpenNetlinkAsync(uint groups = 0) => OpenNetlinkAsync(Name, groups);

    /// <summary>A veth pair in the namespace: <paramref name="name"/> carries <paramref name="mac"/>, as an ENI's device does.</summary>
    public Task AddEniAsync(string name, string mac) =>
        IpAsync("-n", Name, "link", "add", name, "address", mac, "type", "veth", "peer", $"p-{name}");

    /// <summary>Removes the link carrying <paramref name="mac"/> (and its veth peer with it), whatever the agent renamed it to.</summary>
    public async Task RemoveEniAsync(string mac)
    {
        if ((await LinksAsync()).FirstOrDefault(l => string.Equals(l.Mac, mac, StringComparison.OrdinalIgnoreCase)) is { } link)
        {
            await IpAsync("-n", Name, "link", "delete", link.Name);
        }
    }

    /// <summary>Every link's name and MAC, as <c>ip -j link show</c> reports them.</summary>
    public async Task<IReadOnlyList<(string Name, string Mac)>> LinksAsync()
    {
        using var document = JsonDocument.Parse(await IpAsync("-n", Name, "-j", "link", "show"));
        return [.. document.RootElement.EnumerateArray().Select(l => (l.GetProperty("ifname").GetString()!, l.TryGetProperty("address", out var a) ? a.GetString() ?? "" : ""))];
    }

    public async ValueTask DisposeAsync() => await IpAsync("netns", "delete", Name);

    private static async Task<string> IpAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed (exit code {process.ExitCode}): {(await error).Trim()}");
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
