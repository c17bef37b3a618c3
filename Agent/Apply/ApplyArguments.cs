using System.Globalization;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Agent.Sysfs;

namespace AwsMultiEni.Agent.Apply;

/// <summary>The options of <c>agent apply</c>. Unknown options are an error, so a typo never falls back to a default.</summary>
public sealed record ApplyArguments(
    string DesiredPath,
    string SysfsRoot,
    string SriovConfigPath,
    string StatePath,
    TimeSpan InterfaceTimeout,
    string PluginNamespace,
    string PluginLabels)
{
    public const string Usage =
        "usage: agent apply --desired FILE.json [--sysfs-root DIR] [--sriov-config PATH] [--state PATH] [--wait-seconds N] [--plugin-namespace NS] [--plugin-labels SELECTOR]";

    public static ApplyArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["desired", "sysfs-root", "sriov-config", "state", "wait-seconds", "plugin-namespace", "plugin-labels"];
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !known.Contains(name))
            {
                throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}");
            }

            values[name] = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"Option '--{name}' needs a value. {Usage}");
        }

        var wait = values.GetValueOrDefault("wait-seconds", "30");
        if (!double.TryParse(wait, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            throw new ArgumentException($"--wait-seconds must be a positive number, not '{wait}'.");
        }

        return new ApplyArguments(
            values.GetValueOrDefault("desired") ?? throw new ArgumentException($"--desired FILE.json is required. {Usage}"),
            values.GetValueOrDefault("sysfs-root", FileSysfs.DefaultRoot),
            values.GetValueOrDefault("sriov-config", SriovConfigFile.DefaultPath),
            values.GetValueOrDefault("state", HostStateFile.DefaultPath),
            TimeSpan.FromSeconds(seconds),
            values.GetValueOrDefault("plugin-namespace", "kube-system"),
            values.GetValueOrDefault("plugin-labels", "app=sriovdp"));
    }
}
