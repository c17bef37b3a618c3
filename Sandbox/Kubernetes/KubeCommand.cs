using AwsMultiEni.Sandbox.Cli;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary><c>sandbox kube</c>: runs the Kubernetes API emulator alone until Ctrl-C or SIGTERM.</summary>
internal static class KubeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = CommandArguments.Parse(args, "port", "clusters", "state-dir", "nodes");
        var clusters = options.Int("clusters", 1, 1, 100);
        var port = options.Int("port", 6443, 1, 65535 - clusters + 1);
        var emulatorOptions = new KubeEmulatorOptions(
            clusters,
            Path.GetFullPath(options.String("state-dir", ".sandbox")),
            port,
            options.Int("nodes", 0, 0, 5000));

        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        await using var emulator = await KubeEmulator.StartAsync(emulatorOptions);
        foreach (var cluster in emulator.Clusters)
        {
            Console.WriteLine($"cluster {cluster.Name}: {cluster.Url} kubeconfig {cluster.KubeconfigPath}");
        }

        Console.WriteLine("Kubernetes API emulator running; Ctrl-C to stop.");
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }
}
