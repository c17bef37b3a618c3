using System.Runtime.Versioning;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// The silo, dashboard and agent published once (from the build, as the image build publishes them) into a folder
/// every user may read, with a HOME nobody may write, as in an image with a read-only root filesystem.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PublishedPrograms : IAsyncLifetime
{
    /// <summary>The user of the .NET base images, <c>app</c>.</summary>
    public const int AppUser = 1654;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("awsmultieni-published-");

    public string Sysfs => Path.Combine(_root.FullName, "sys");

    public string State => Path.Combine(_root.FullName, "state");

    public async ValueTask InitializeAsync()
    {
        foreach (var project in new[] { "Silo", "Dashboard", "Agent" })
        {
            (await CommandRun.RunAsync("dotnet", ["publish", RepositoryFiles.PathOf($"{project}/AwsMultiEni.{project}.csproj"), "-c", RepoPaths.Configuration, "--no-build", "-o", Path.Combine(_root.FullName, project), "-p:IpamNativePlugin=false"])).Succeeded();
        }

        Directory.CreateDirectory(Path.Combine(Sysfs, "bus", "pci", "devices"));
        Directory.CreateDirectory(State);
        ReadableByAll.Apply(_root.FullName);
    }

    public ChildProcess Start(string project, IReadOnlyDictionary<string, string> environment, int uid) =>
        ChildProcess.StartDotnet(
            Path.Combine(_root.FullName, project, $"AwsMultiEni.{project}.dll"),
            [],
            new Dictionary<string, string>(environment) { ["HOME"] = "/nonexistent", ["DOTNET_CLI_HOME"] = "/nonexistent" },
            uid: uid);

    public ValueTask DisposeAsync()
    {
        _root.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
