namespace AwsMultiEni.Ipam;

/// <summary>DEL and GC: both free allocation files, and neither needs the ranges file, so they work after the agent is gone.</summary>
internal static class ReleaseCommands
{
    /// <summary>DEL: frees the attachment's addresses; nothing held is success too, as the spec asks of a repeated DEL.</summary>
    public static void Delete(IpamNetwork network, Attachment attachment) =>
        Release(network.Store, a => a.Owner == attachment);

    /// <summary>GC: frees every address whose owner the runtime no longer lists, and files that name no owner at all.</summary>
    public static void Collect(IpamNetwork network)
    {
        var listed = network.Config.ValidAttachments ?? throw new CniException(
            CniErrorCode.InvalidNetworkConfig,
            "GC without cni.dev/valid-attachments: refusing to treat every allocation as stale");
        var valid = listed.Select(v => new Attachment(v.ContainerId ?? string.Empty, v.Ifname ?? string.Empty)).ToHashSet();
        Release(network.Store, a => a.Owner is null || !valid.Contains(a.Owner));
    }

    private static void Release(AllocationStore store, Func<Allocation, bool> stale)
    {
        if (!store.Exists)
        {
            return;
        }

        using var held = store.Lock();
        foreach (var allocation in store.ReadAll().Where(stale))
        {
            store.Release(allocation.Address);
        }
    }
}
