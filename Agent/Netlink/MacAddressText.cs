using System.Globalization;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>MAC addresses in one canonical text form (lower-case, colon-separated) so they compare by string.</summary>
public static class MacAddressText
{
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        var parts = new string[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            parts[i] = bytes[i].ToString("x2", CultureInfo.InvariantCulture);
        }

        return string.Join(':', parts);
    }

    /// <summary>Accepts <c>02:AB:..</c> or <c>02-ab-..</c>; returns the canonical form.</summary>
    public static string Normalize(string mac)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mac);
        var hex = mac.Trim().Replace(":", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 12 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"'{mac}' is not a MAC address (six hex bytes).");
        }

        return Format(Convert.FromHexString(hex));
    }
}
