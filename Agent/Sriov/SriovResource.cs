namespace AwsMultiEni.Agent.Sriov;

/// <summary>
/// One device plugin resource the agent owns: the ENA devices it bound for one
/// <c>prefix/name</c>, with the drivers they are on.
/// </summary>
public sealed record SriovResource(string Prefix, string Name, IReadOnlyList<string> Drivers, IReadOnlyList<string> PciAddresses)
{
    /// <summary>The plugin's default prefix, used when a resource name has none.</summary>
    public const string DefaultPrefix = "intel.com";

    public string Key => $"{Prefix}/{Name}";

    /// <summary>Splits <c>intel.com/sriov_ena</c> into prefix and name.</summary>
    public static (string Prefix, string Name) SplitName(string resourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);
        var slash = resourceName.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (DefaultPrefix, resourceName) : (resourceName[..slash], resourceName[(slash + 1)..]);
        if (name.Length == 0 || prefix.Length == 0 || name.Contains('-', StringComparison.Ordinal))
        {
            throw new FormatException($"'{resourceName}' is not a device plugin resource name like intel.com/sriov_ena (the name part takes no hyphens).");
        }

        return (prefix, name);
    }
}
