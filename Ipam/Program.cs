using AwsMultiEni.Ipam;

return CniPlugin.Run(CniEnvironment.FromProcess(), Console.OpenStandardInput(), Console.Out);
