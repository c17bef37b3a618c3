using System.Net;
using System.Text.Json;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Ipam;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Agent.PodAddresses;

/// <summary>
/// The agent's side of the node's IPAM contract (docs/ipam.md): per master interface, <c>{dataDir}/{interface}/ranges.json</c>
/// from the fleet's addressing, and the use the awsmultieni-ipam plugin's store shows. Both happen under the store's lock,
/// so no pod gets an address from a range between the agent reading the store and replacing the ranges. A range the
/// fleet no longer lists stays in the file, draining, while the store still holds an address in it.
/// </summary>
public sealed partial class PodAddressFiles(string dataDir, ILogger<PodAddressFiles> logger)
{
    public const string DefaultDataDir = "/var/lib/awsmultieni/ipam";

    private const string RangesFile = "ranges.json";

    /// <summary>Writes the interface's ranges and returns their use.</summary>
    public async Task<AddressUsage> WriteAsync(string interfaceName, string eniId, InterfaceAddressing addressing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addressing);
        var store = Store(interfaceName);
        using var held = store.Lock();
        var allocations = store.ReadAll().Select(a => a.Address).ToList();
        var previous = Read(store.RangesPath);
        var ipv4 = Kept(addressing.Ipv4Ranges, previous?.Ipv4?.Ranges, allocations);
        var ipv6 = Kept(addressing.Ipv6Ranges ?? [], previous?.Ipv6?.Ranges, allocations);
        var ranges = new InterfaceRanges
        {
            Interface = interfaceName,
            EniId = eniId,
            Ipv4 = new FamilyRanges { Subnet = addressing.SubnetCidr, Gateway = addressing.Gateway, Ranges = ipv4 },
            Ipv6 = addressing.Ipv6SubnetCidr is { } subnet && ipv6.Count > 0 ? new FamilyRanges { Subnet = subnet, Ranges = ipv6 } : null,
        };
        if (await ReplaceAsync(store.RangesPath, ranges, cancellationToken))
        {
            LogWritten(store.RangesPath, ipv4.Count(r => !r.Draining), ipv4.Count(r => r.Draining));
        }

        return Usage(ipv4, allocations);
    }

    /// <summary>The IPv4 use the store shows now for the ranges last written, or null when the interface has no ranges file.</summary>
    public AddressUsage? ReadUsage(string interfaceName)
    {
        var store = Store(interfaceName);
        if (!File.Exists(store.RangesPath))
        {
            return null;
        }

        using var held = store.Lock();
        return Read(store.RangesPath)?.Ipv4?.Ranges is { } ranges ? Usage(ranges, [.. store.ReadAll().Select(a => a.Address)]) : null;
    }

    /// <summary>
    /// Interfaces whose ENI is no longer desired here stop giving addresses: their ranges file goes, or, while pods still
    /// hold addresses from it, stays with every range draining.
    /// </summary>
    public async Task RetireOthersAsync(IReadOnlySet<string> desiredInterfaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desiredInterfaces);
        if (!Directory.Exists(dataDir))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(dataDir).Where(d => File.Exists(Path.Combine(d, RangesFile))))
        {
            var name = Path.GetFileName(directory);
            if (desiredInterfaces.Contains(name))
            {
                continue;
            }

            var store = Store(name);
            using var held = store.Lock();
            if (Read(store.RangesPath) is not { } ranges)
            {
                continue;
            }

            if (store.ReadAll().Count == 0)
            {
                File.Delete(store.RangesPath);
                LogRetired(store.RangesPath);
            }
            else
            {
                await ReplaceAsync(store.RangesPath, Drained(ranges), cancellationToken);
            }
        }
    }

    /// <summary>Writes the file unless it holds these very ranges already; true when written.</summary>
    private static async Task<bool> ReplaceAsync(string path, InterfaceRanges ranges, CancellationToken cancellationToken)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(ranges, IpamJsonContext.Default.InterfaceRanges);
        if (File.Exists(path) && Enumerable.SequenceEqual(content, await File.ReadAllBytesAsync(path, cancellationToken)))
        {
            return false;
        }

        await AtomicFile.WriteAsync(path, content, cancellationToken);
        return true;
    }

    private AllocationStore Store(string interfaceName) => new(Path.Combine(dataDir, interfaceName));

    /// <summary>The fleet's ranges, plus any range written before that the fleet dropped but a pod still uses, draining.</summary>
    private static List<RangeEntry> Kept(IReadOnlyList<AddressRange> wanted, IReadOnlyList<RangeEntry>? written, List<IPAddress> allocations)
    {
        var ranges = wanted.Select(r => new RangeEntry { Cidr = r.Cidr, Draining = r.Draining }).ToList();
        ranges.AddRange((written ?? [])
            .Where(w => w.Cidr is not null && ranges.All(r => r.Cidr != w.Cidr) && allocations.Any(a => Contains(w.Cidr, a)))
            .Select(w => w with { Draining = true }));
        return ranges;
    }

    private static AddressUsage Usage(IEnumerable<RangeEntry> ranges, List<IPAddress> allocations) =>
        new([.. ranges.Where(r => r.Cidr is not null).Select(r => new RangeUsage(r.Cidr!, allocations.Count(a => Contains(r.Cidr!, a)), r.Draining))]);

    private static InterfaceRanges Drained(InterfaceRanges ranges) => ranges with
    {
        Ipv4 = ranges.Ipv4 is { } v4 ? v4 with { Ranges = [.. (v4.Ranges ?? []).Select(r => r with { Draining = true })] } : null,
        Ipv6 = ranges.Ipv6 is { } v6 ? v6 with { Ranges = [.. (v6.Ranges ?? []).Select(r => r with { Draining = true })] } : null,
    };

    private static bool Contains(string cidr, IPAddress address) => IPNetwork.TryParse(cidr, out var network) && network.Contains(address);

    private static InterfaceRanges? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), IpamJsonContext.Default.InterfaceRanges) : null;
        }
        catch (JsonException)
        {
            // Not the agent's writing (it replaces the file whole): written again from the fleet's addressing.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Path}: {Active} range(s) to allocate from, {Draining} draining")]
    private partial void LogWritten(string path, int active, int draining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Path}: its ENI is no longer on this node and no pod holds an address from it")]
    private partial void LogRetired(string path);
}
