using System.CommandLine;
using System.Runtime.Versioning;
using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.State;

namespace AwsMultiEni.Agent.Cni;

/// <summary>
/// <c>agent install-cni</c>: copies the native <c>awsmultieni-ipam</c> the image carries into the node's CNI bin
/// directory, as the DaemonSet's init container. The node has no .NET runtime, so what is installed is the NativeAOT
/// build the image's publish puts in <c>cni/</c>. Replaced whole (written aside, then renamed), so a runtime exec'ing
/// the plugin during an upgrade runs the old file or the new one, never half of one.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class InstallCniCommand
{
    public const string PluginName = "awsmultieni-ipam";

    private static readonly Option<string> From = new("--from")
    {
        HelpName = "PATH",
        Description = "The plugin to install.",
        DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "cni", PluginName),
    };

    private static readonly Option<string> To = new("--to")
    {
        HelpName = "DIR",
        Description = "The node's CNI bin directory, as mounted in the container.",
        DefaultValueFactory = _ => "/host/opt/cni/bin",
    };

    public static Command Create()
    {
        var command = new Command("install-cni", "Install the awsmultieni-ipam CNI plugin into the node's CNI bin directory (the DaemonSet's init container). Exit code 0 when installed, 2 when the plugin or the directory is missing.");
        command.Options.Add(From);
        command.Options.Add(To);
        command.SetAction((parsed, cancellationToken) =>
            InstallAsync(parsed.GetRequiredValue(From), parsed.GetRequiredValue(To), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> InstallAsync(string from, string to, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!File.Exists(from))
        {
            await errors.WriteLineAsync($"agent: {from} does not exist; an agent image carries it once published with the NativeAOT plugin (docs/ipam.md).".AsMemory(), cancellationToken);
            return ApplyCommand.BadUsage;
        }

        if (!Directory.Exists(to))
        {
            await errors.WriteLineAsync($"agent: {to} is not a directory; mount the node's CNI bin directory (hostPath /opt/cni/bin) there.".AsMemory(), cancellationToken);
            return ApplyCommand.BadUsage;
        }

        var target = Path.Combine(to, PluginName);
        await AtomicFile.WriteAsync(target, await File.ReadAllBytesAsync(from, cancellationToken), cancellationToken);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await output.WriteLineAsync($"Installed {target}".AsMemory(), cancellationToken);
        return 0;
    }
}
