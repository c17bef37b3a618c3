using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Ipam;

/// <summary>What one exec of a CNI plugin returned: its exit code and the JSON it printed (a result, an error, or nothing).</summary>
internal sealed record CniOutcome(int ExitCode, string Output, string Error)
{
    public JsonNode Json => JsonNode.Parse(Output) ?? throw new InvalidOperationException("the plugin printed null");

    /// <summary>The CNI error code it printed; fails when it succeeded.</summary>
    public int ErrorCode
    {
        get
        {
            Assert.NotEqual(0, ExitCode);
            return (int)Json["code"]!;
        }
    }

    public CniOutcome Succeeded()
    {
        Assert.True(ExitCode == 0, $"the plugin failed ({ExitCode}): {Output}{Error}");
        return this;
    }
}

/// <summary>The <c>awsmultieni-ipam</c> a plain <c>dotnet build</c> leaves (the framework-dependent apphost), run as a CNI runtime runs it.</summary>
internal static class IpamPlugin
{
    public static string Directory { get; } = Path.Combine(RepoPaths.Root, "Ipam", "bin", RepoPaths.Configuration, "net10.0");

    public static string Executable { get; } = Path.Combine(Directory, "awsmultieni-ipam");

    public static Task<CniOutcome> RunAsync(string command, string config, string containerId = "c1", string ifName = "net1") =>
        RunAsync(Executable, [], new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = containerId,
            ["CNI_IFNAME"] = ifName,
            ["CNI_NETNS"] = "/run/netns/not-used-by-ipam",
            ["CNI_PATH"] = Directory,
        }, config);

    /// <summary>Any CNI plugin, <paramref name="fileName"/> with <paramref name="arguments"/>, its configuration on standard input.</summary>
    public static async Task<CniOutcome> RunAsync(string fileName, string[] arguments, IReadOnlyDictionary<string, string> environment, string config)
    {
        var result = await CommandRun.RunAsync(fileName, arguments, environment, standardInput: config);
        return new CniOutcome(result.ExitCode, result.Output, result.Error);
    }
}
