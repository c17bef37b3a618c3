using AwsMultiEni.Sandbox.Cli;

return await SandboxCommandLine.RunAsync(args, Console.Out, Console.Error);
