using System.Text.RegularExpressions;

namespace AwsMultiEni.Agent.Sriov;

/// <summary>
/// How a NodeENI's <c>dpdkResourceName</c> becomes a device plugin resource (<c>prefix/name</c>). A name without a
/// prefix takes <paramref name="DefaultPrefix"/>, which must be the plugin's own <c>--resource-prefix</c> (the plugin's
/// default is <c>intel.com</c>), since the plugin reads an entry without <c>resourcePrefix</c> that way too. An empty
/// name is <see cref="DefaultName"/>: the CRD leaves the field optional, and one DPDK ENI without it must not stop
/// the rest of the node's apply.
/// </summary>
public sealed partial record SriovResourceNaming(string DefaultPrefix)
{
    public const string DefaultName = "sriov_ena";

    public static SriovResourceNaming Default { get; } = new("intel.com");

    /// <summary>Why <paramref name="prefix"/> cannot prefix a resource name (lower-case DNS name), or null.</summary>
    public static string? ProblemWith(string? prefix) =>
        prefix is not null && Prefix().IsMatch(prefix)
            ? null
            : $"The SR-IOV resource prefix '{prefix}' is not a lower-case DNS name like intel.com.";

    /// <summary>Splits <c>intel.com/sriov_ena</c> into prefix and name, filling in the defaults for what is left out.</summary>
    public (string Prefix, string Name) Split(string? resourceName)
    {
        if (string.IsNullOrWhiteSpace(resourceName))
        {
            return (DefaultPrefix, DefaultName);
        }

        var slash = resourceName.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (DefaultPrefix, resourceName) : (resourceName[..slash], resourceName[(slash + 1)..]);
        if (name.Length == 0 || prefix.Length == 0 || name.Contains('-', StringComparison.Ordinal))
        {
            throw new FormatException($"'{resourceName}' is not a device plugin resource name like intel.com/sriov_ena (the name part takes no hyphens).");
        }

        return (prefix, name);
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();
}
