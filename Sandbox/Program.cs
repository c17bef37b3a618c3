using AwsMultiEni.Sandbox;
using AwsMultiEni.Sandbox.Bench;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;

try
{
    return args switch
    {
        [] => await SandboxRunCommand.RunAsync([]),
        ["run", .. var rest] => await SandboxRunCommand.RunAsync(rest),
        ["ec2", .. var rest] => await Ec2Command.RunAsync(rest),
        ["bench-ec2", .. var rest] => await Ec2BenchCommand.RunAsync(rest),
        ["bench-engine", .. var rest] => await EngineBenchCommand.RunAsync(rest),
        ["bench-world", .. var rest] => await BenchWorldCommand.RunAsync(rest),
        ["bench-failover", .. var rest] => await FailoverBenchCommand.RunAsync(rest),
        ["silo", .. var rest] => await SiloCommand.RunAsync(rest),
        ["kube", .. var rest] => await KubeCommand.RunAsync(rest),
        [var first, ..] when first.StartsWith("--", StringComparison.Ordinal) => await SandboxRunCommand.RunAsync(args),
        [var unknown, ..] => throw new UsageException($"Unknown command '{unknown}'. Commands: run (default), ec2, bench-ec2, bench-engine, bench-failover, bench-world, silo, kube."),
    };
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync($"sandbox: {ex.Message}");
    return 2;
}
