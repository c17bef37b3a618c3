using System.Runtime.Versioning;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>Opens a tree to other users, for programs the tests run as a container's non-root user.</summary>
[SupportedOSPlatform("linux")]
internal static class ReadableByAll
{
    public static void Apply(string root)
    {
        foreach (var path in Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root))
        {
            if (new FileInfo(path).LinkTarget is not null)
            {
                continue;
            }

            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                | (Directory.Exists(path) ? UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : UnixFileMode.None));
        }
    }
}
