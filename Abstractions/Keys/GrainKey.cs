namespace AwsMultiEni.Abstractions.Keys;

/// <summary>
/// Grain keys are '/'-separated strings, cluster first, so that every grain of one
/// cluster sorts together and a key names its owner without a lookup.
/// </summary>
public static class GrainKey
{
    public const char Separator = '/';

    public static string Join(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            if (string.IsNullOrEmpty(part) || part.Contains(Separator, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Key part '{part}' must be non-empty and must not contain '{Separator}'.", nameof(parts));
            }
        }

        return string.Join(Separator, parts);
    }

    public static string[] Split(string key, int expectedParts)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var parts = key.Split(Separator);
        if (parts.Length != expectedParts || parts.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"Key '{key}' must have {expectedParts} non-empty '/'-separated parts.", nameof(key));
        }

        return parts;
    }
}
