using System.Net;
using System.Net.Sockets;

namespace AwsMultiEni.Ipam;

/// <summary>An address held by an attachment; <see cref="Owner"/> is null when its file does not say whose it is.</summary>
internal sealed record Allocation(IPAddress Address, Attachment? Owner);

/// <summary>
/// The allocation store of one master interface, <c>{dataDir}/{interface}/</c>: <c>allocations/ADDRESS</c> holds
/// "containerId\nifName\n", written to a temporary file first and renamed in, so a crash leaves either no file or a whole
/// one. Callers hold <see cref="Lock"/> for every read-modify-write.
/// </summary>
internal sealed class AllocationStore(string interfaceDirectory)
{
    private readonly string _allocations = Path.Combine(interfaceDirectory, "allocations");

    public string Root { get; } = interfaceDirectory;

    public string RangesPath => Path.Combine(Root, "ranges.json");

    public bool Exists => Directory.Exists(Root);

    public StoreLock Lock()
    {
        Directory.CreateDirectory(_allocations);
        return StoreLock.Acquire(Path.Combine(Root, "lock"));
    }

    /// <summary>Every allocation file whose name is an address; other names are not the store's and are left alone.</summary>
    public IReadOnlyList<Allocation> ReadAll()
    {
        if (!Directory.Exists(_allocations))
        {
            return [];
        }

        var allocations = new List<Allocation>();
        foreach (var path in Directory.EnumerateFiles(_allocations))
        {
            if (IPAddress.TryParse(Path.GetFileName(path), out var address))
            {
                allocations.Add(new Allocation(address, ReadOwner(path)));
            }
        }

        return allocations;
    }

    public void Reserve(IPAddress address, Attachment owner)
    {
        var staging = Path.Combine(Root, "allocation.tmp");
        File.WriteAllText(staging, $"{owner.ContainerId}\n{owner.IfName}\n");
        File.Move(staging, PathOf(address), overwrite: false);
        File.WriteAllText(LastReservedPath(address.AddressFamily), address.ToString());
    }

    public void Release(IPAddress address) => File.Delete(PathOf(address));

    /// <summary>The address given last in a family, where the next round-robin search starts; null if none or unreadable.</summary>
    public UInt128? LastReserved(AddressFamily family)
    {
        var path = LastReservedPath(family);
        return File.Exists(path) && IPAddress.TryParse(File.ReadAllText(path).Trim(), out var address) && address.AddressFamily == family
            ? AddressNumber.Of(address)
            : null;
    }

    private string PathOf(IPAddress address) => Path.Combine(_allocations, address.ToString());

    private string LastReservedPath(AddressFamily family) =>
        Path.Combine(Root, family == AddressFamily.InterNetwork ? "last-reserved-ipv4" : "last-reserved-ipv6");

    private static Attachment? ReadOwner(string path)
    {
        try
        {
            var lines = File.ReadAllText(path).Split('\n');
            return lines.Length >= 2 && Attachment.IsValidContainerId(lines[0]) && Attachment.IsValidIfName(lines[1])
                ? new Attachment(lines[0], lines[1])
                : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
