using System.Diagnostics;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>Starts another command of this same Sandbox executable, however it was launched (apphost or <c>dotnet x.dll</c>).</summary>
internal static class SelfCommand
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no executable path.");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SelfCommand).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
