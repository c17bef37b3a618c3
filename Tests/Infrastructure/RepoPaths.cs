namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>Finds the checkout and the build output of the product projects the tests run as processes.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever the test assembly itself was built as.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string ProjectDll(string projectFolder, string assemblyName) =>
        Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AwsMultiEni.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AwsMultiEni.sln above {AppContext.BaseDirectory}.");
    }
}
