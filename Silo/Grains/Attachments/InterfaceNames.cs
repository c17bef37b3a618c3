namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>
/// The interface name a NodeENI's k-th ENI on a node gets, so that two ENIs of one node never share a name: the
/// first (at <c>deviceIndex</c>) keeps <c>interfaceName</c>, the k-th after it (at <c>deviceIndex + k</c>) gets
/// <c>interfaceName-k</c>, the name cut so that the whole fits Linux's 15 characters.
/// </summary>
public static class InterfaceNames
{
    /// <summary>IFNAMSIZ is 16 with the terminating NUL.</summary>
    public const int MaxLength = 15;

    public static string? ForSlot(string? interfaceName, int k)
    {
        if (interfaceName is null || k == 0)
        {
            return interfaceName;
        }

        var suffix = $"-{k}";
        return interfaceName[..Math.Min(interfaceName.Length, MaxLength - suffix.Length)] + suffix;
    }
}
