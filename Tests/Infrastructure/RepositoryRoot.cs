namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>The checkout the tests were built from, found by walking up to AwsMultiEni.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "AwsMultiEni.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No AwsMultiEni.sln above {AppContext.BaseDirectory}.");
    }
}
