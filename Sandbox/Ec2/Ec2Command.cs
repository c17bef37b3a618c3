using AwsMultiEni.Sandbox.Cli;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary><c>ec2 --port PORT [options]</c>: the EC2 emulator alone, with an empty world, until Ctrl-C or SIGTERM.</summary>
internal static class Ec2Command
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = CommandArguments.Parse(args, ["port", .. Ec2CommandOptions.Names]);
        var port = options.Int("port", 4580, 1, 65535);
        var emulatorOptions = Ec2CommandOptions.Read(options);
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
