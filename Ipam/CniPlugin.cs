using System.Text.Json;

namespace AwsMultiEni.Ipam;

/// <summary>
/// One CNI invocation: the command from the environment, the configuration from standard input, a result or CNI's error
/// result on standard output. Exit code 0 on success, 1 on any error.
/// </summary>
internal static class CniPlugin
{
    public static int Run(CniEnvironment environment, Stream input, TextWriter output)
    {
        var version = CniVersions.Latest;
        try
        {
            if (environment.Command == "VERSION")
            {
                version = ReadVersionRequest(input) ?? CniVersions.Latest;
                output.Write(JsonSerializer.Serialize(new VersionResult(version, CniVersions.Supported), IpamJsonContext.Default.VersionResult));
                return 0;
            }

            var command = environment.Command switch
            {
                "ADD" or "DEL" or "CHECK" or "GC" or "STATUS" => environment.Command,
                _ => throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_COMMAND '{environment.Command}' is not ADD, DEL, CHECK, GC, STATUS or VERSION"),
            };
            var config = IpamNetwork.Parse(input);
            if (config.CniVersion is { } stated && CniVersions.Supported.Contains(stated))
            {
                version = stated;
            }

            var network = IpamNetwork.Resolve(config, command);
            switch (command)
            {
                case "ADD":
                    output.Write(JsonSerializer.Serialize(AddCommand.Run(network, environment.RequireAttachment(netNsRequired: true)), IpamJsonContext.Default.IpamResult));
                    break;
                case "DEL":
                    ReleaseCommands.Delete(network, environment.RequireAttachment(netNsRequired: false));
                    break;
                case "CHECK":
                    CheckCommand.Run(network, environment.RequireAttachment(netNsRequired: true));
                    break;
                case "GC":
                    ReleaseCommands.Collect(network);
                    break;
                default:
                    StatusCommand.Run(network);
                    break;
            }

            return 0;
        }
        catch (CniException ex)
        {
            return Fail(output, version, ex.Code, ex.Message, ex.Details);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(output, version, CniErrorCode.IoFailure, ex.Message, null);
        }
    }

    private static string? ReadVersionRequest(Stream input)
    {
        using var reader = new StreamReader(input);
        var text = reader.ReadToEnd();
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, IpamJsonContext.Default.VersionRequest)?.CniVersion;
        }
        catch (JsonException ex)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "the version request is not valid JSON", ex.Message);
        }
    }

    private static int Fail(TextWriter output, string version, int code, string message, string? details)
    {
        output.Write(JsonSerializer.Serialize(new ErrorResult(version, code, message, details), IpamJsonContext.Default.ErrorResult));
        return 1;
    }
}
