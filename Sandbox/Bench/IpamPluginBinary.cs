namespace AwsMultiEni.Sandbox.Bench;

/// <summary>The <c>awsmultieni-ipam</c> apphost that building the solution leaves in <c>Ipam/bin/CONFIGURATION/net10.0</c>.</summary>
internal static class IpamPluginBinary
{
    public static string Locate()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AwsMultiEni.sln")))
            {
                return Path.Combine(dir.FullName, "Ipam", "bin", configuration, "net10.0", "awsmultieni-ipam");
            }
        }

        throw new InvalidOperationException($"No AwsMultiEni.sln above {AppContext.BaseDirectory}: pass --plugin.");
    }
}
