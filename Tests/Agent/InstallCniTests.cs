using System.Runtime.Versioning;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Ipam;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// <c>agent install-cni</c>, the DaemonSet's init container: the plugin lands whole and executable in the node's CNI bin
/// directory (replacing an older one), and a missing plugin or directory is a usage error, not a half install.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class InstallCniTests : IDisposable
{
    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("awsmultieni-cni-bin-");

    [Fact]
    public async Task The_plugin_is_installed_executable_over_an_older_one()
    {
        var target = Path.Combine(_bin.FullName, "awsmultieni-ipam");
        await File.WriteAllTextAsync(target, "an older plugin", TestContext.Current.CancellationToken);

        var run = (await RunAsync("install-cni", "--from", IpamPlugin.Executable, "--to", _bin.FullName)).Succeeded();

        Assert.Contains($"Installed {target}", run.Output, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(IpamPlugin.Executable, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(target, TestContext.Current.CancellationToken));
        Assert.True(File.GetUnixFileMode(target).HasFlag(UnixFileMode.OtherExecute | UnixFileMode.UserExecute));
        Assert.Equal(["awsmultieni-ipam"], _bin.EnumerateFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task A_missing_plugin_or_directory_exits_2_and_installs_nothing()
    {
        var noPlugin = await RunAsync("install-cni", "--from", Path.Combine(_bin.FullName, "absent"), "--to", _bin.FullName);
        var noDirectory = await RunAsync("install-cni", "--from", IpamPlugin.Executable, "--to", Path.Combine(_bin.FullName, "absent"));

        Assert.Equal((2, 2), (noPlugin.ExitCode, noDirectory.ExitCode));
        Assert.Contains("does not exist", noPlugin.Error, StringComparison.Ordinal);
        Assert.Contains("is not a directory", noDirectory.Error, StringComparison.Ordinal);
        Assert.Empty(_bin.EnumerateFileSystemInfos());
    }

    public void Dispose() => _bin.Delete(recursive: true);

    private static Task<CommandResult> RunAsync(params string[] args) =>
        CommandRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "AwsMultiEni.Agent.dll"), .. args]);
}
