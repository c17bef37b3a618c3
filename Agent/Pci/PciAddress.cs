using System.Text.RegularExpressions;

namespace AwsMultiEni.Agent.Pci;

/// <summary>PCI addresses in sysfs form, <c>domain:bus:device.function</c> (for example <c>0000:00:06.0</c>).</summary>
public static partial class PciAddress
{
    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text);

    /// <summary>Sysfs names devices in lower-case hex; a spec may write <c>0000:00:0A.0</c>.</summary>
    public static string Normalize(string text) => text.ToLowerInvariant();

    public static string Require(string text) =>
        IsValid(text) ? text : throw new FormatException($"'{text}' is not a PCI address like 0000:00:06.0.");

    [GeneratedRegex("^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
