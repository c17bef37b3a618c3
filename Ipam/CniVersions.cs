namespace AwsMultiEni.Ipam;

/// <summary>The spec versions the plugin speaks: 1.0.0, and 1.1.0 with GC and STATUS.</summary>
internal static class CniVersions
{
    public const string Latest = "1.1.0";

    public static IReadOnlyList<string> Supported { get; } = ["1.0.0", Latest];

    /// <summary>The configuration's version when the plugin speaks it and it has <paramref name="command"/>; else code 1.</summary>
    public static string Require(string? version, string command)
    {
        if (version is null || !Supported.Contains(version))
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"unsupported CNI version '{version}'",
                $"awsmultieni-ipam supports {string.Join(", ", Supported)}");
        }

        if (command is "GC" or "STATUS" && version != Latest)
        {
            throw new CniException(CniErrorCode.IncompatibleVersion, $"{command} needs CNI version {Latest}, the configuration says {version}");
        }

        return version;
    }
}
