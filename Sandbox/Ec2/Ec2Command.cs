using System.CommandLine;
using AwsMultiEni.Sandbox.Cli;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary><c>ec2 --port PORT [options]</c>: the EC2 emulator alone, with an empty world, until Ctrl-C or SIGTERM.</summary>
internal sealed class Ec2Command
{
    private readonly Option<int> _port = SandboxOption.WholeNumber("--port", "P", "Listen on http://127.0.0.1:P", 4580, 1, 65535);
    private readonly Ec2CommandOptions _emulator = new();

    public static Command Create()
    {
        var ec2 = new Ec2Command();
        var command = new Command("ec2", "The EC2 emulator alone, with an empty world, until Ctrl-C or SIGTERM.") { ec2._port };
        ec2._emulator.AddTo(command);
        command.SetAction(ec2.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed)
    {
        var port = parsed.GetValue(_port);
        var emulatorOptions = _emulator.Read(parsed);
        await using var emulator = await Ec2Emulator.StartAsync(emulatorOptions, port);
        var url = emulator.Url.ToString().TrimEnd('/');
        Console.WriteLine($"EC2 emulator: {url} (region {emulatorOptions.Region}, time factor {emulatorOptions.TimeFactor}, throttling {(emulatorOptions.Throttling ? "on" : "off")})");
        Console.WriteLine($"  export AWS_ENDPOINT_URL_EC2={url} AWS_REGION={emulatorOptions.Region} AWS_DEFAULT_REGION={emulatorOptions.Region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
        Console.WriteLine($"  inventory: {url}/_emulator/inventory   calls: {url}/_emulator/calls");
        Console.WriteLine("Press Ctrl-C to stop.");
        await emulator.WaitForShutdownAsync();
        return 0;
    }
}
