using System.CommandLine;
using AwsMultiEni.Sandbox.Cli;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary><c>sandbox kube</c>: runs the Kubernetes API emulator alone until Ctrl-C or SIGTERM.</summary>
internal sealed class KubeCommand
{
    private const int HighestPort = 65535;

    private readonly Option<int> _port = SandboxOption.WholeNumber("--port", "PORT", "Cluster i (from 1) is served on http://127.0.0.1:PORT+i-1", 6443, 1, HighestPort);
    private readonly Option<int> _clusters = SandboxOption.WholeNumber("--clusters", "N", "Emulated clusters, sandbox-1 to sandbox-N, with no CRDs", 1, 1, 100);
    private readonly Option<string> _stateDir = new("--state-dir")
    {
        HelpName = "DIR",
        Description = "Where each cluster's kubeconfig, DIR/sandbox-i.kubeconfig, is written.",
        DefaultValueFactory = _ => ".sandbox",
    };

    private readonly Option<int> _nodes = SandboxOption.WholeNumber("--nodes", "M", "Nodes per cluster, with an AWS providerID, zone and instance-type labels", 0, 0, 5000);

    public static Command Create()
    {
        var kube = new KubeCommand();
        var command = new Command("kube", "The Kubernetes API emulator alone (kubectl and KubernetesClient work against it), until Ctrl-C or SIGTERM.")
        {
            kube._port,
            kube._clusters,
            kube._stateDir,
            kube._nodes,
        };
        command.SetAction(kube.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed)
    {
        var clusters = parsed.GetValue(_clusters);
        var port = parsed.GetValue(_port);

        // Checked here rather than as the option is parsed: the last cluster's port depends on two options.
        var highestFirstPort = HighestPort - clusters + 1;
        if (port > highestFirstPort)
        {
            return await SandboxCommandLine.RefuseAsync(parsed.InvocationConfiguration.Error, [$"Option '--port' must be a whole number from 1 to {highestFirstPort}, not '{port}'."]);
        }

        var emulatorOptions = new KubeEmulatorOptions(clusters, Path.GetFullPath(parsed.GetRequiredValue(_stateDir)), port, parsed.GetValue(_nodes));

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
