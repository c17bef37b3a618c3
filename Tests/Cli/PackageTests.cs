using System.IO.Compression;
using System.Xml.Linq;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Cli;

/// <summary>
/// <c>dotnet pack</c> makes the library package with the contracts and the DynamoDB gateway list it depends on, and the CLI as a .NET tool that
/// <c>dotnet tool install</c> installs and that then runs.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("awsmultieni-pack-");

    [Fact]
    public async Task The_client_and_the_cli_pack_and_the_tool_installs_and_runs()
    {
        var packages = Path.Combine(_directory.FullName, "packages");
        foreach (var project in new[] { "Abstractions", "Security", "Storage", "Client", "Cli" })
        {
            (await CommandRun.RunAsync("dotnet", ["pack", RepositoryFiles.PathOf(project), "-c", RepoPaths.Configuration, "--no-build", "-o", packages])).Succeeded();
        }

        var client = Nuspec(Path.Combine(packages, "AwsMultiEni.Client.0.1.0.nupkg"));
        var dependencies = client.Descendants().Where(e => e.Name.LocalName == "dependency").ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        Assert.Equal("0.1.0", dependencies["AwsMultiEni.Abstractions"]);
        Assert.Equal("0.1.0", dependencies["AwsMultiEni.Storage"]);
        Assert.Equal("0.1.0", dependencies["AwsMultiEni.Security"]);
        Assert.True(File.Exists(Path.Combine(packages, "AwsMultiEni.Abstractions.0.1.0.nupkg")));
        Assert.True(File.Exists(Path.Combine(packages, "AwsMultiEni.Storage.0.1.0.nupkg")));
        Assert.Contains(client.Descendants(), e => e.Name.LocalName == "readme");

        var tools = Path.Combine(_directory.FullName, "tools");
        (await CommandRun.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "AwsMultiEni.Cli"])).Succeeded();
        var help = (await CommandRun.RunAsync(Path.Combine(tools, "awsmultieni"), ["--help"])).Succeeded();
        Assert.Contains("attachments", help.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static XDocument Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(nuspec);
    }
}
