using System.CommandLine;
using AwsMultiEni.Cli.Output;
using AwsMultiEni.Client.Hosting;

namespace AwsMultiEni.Cli;

/// <summary>The options every command takes, before or after its name: where the fleet is, and how to print.</summary>
internal sealed class GlobalOptions
{
    public const string GatewaysVariable = "AWSMULTIENI_GATEWAYS";

    public const string MembershipTableVariable = "AWSMULTIENI_MEMBERSHIP_TABLE";

    /// <summary>The same variable as the silo's and the agent's, so one Secret mount serves every process of a pod.</summary>
    public const string TlsDirectoryVariable = "Security__Tls__Directory";

    public const string TokenFileVariable = "AWSMULTIENI_TOKEN_FILE";

    public Option<string[]> Gateways { get; } = new("--gateway", "-g")
    {
        Description = $"A silo gateway, host:port (repeatable). Default: the comma-separated {GatewaysVariable}.",
        Recursive = true,
    };

    public Option<string> MembershipTable { get; } = new("--membership-table")
    {
        Description = $"Find the gateways in the silos' DynamoDB membership table (OrleansSilos, say) instead; AWS_REGION and AWS_ENDPOINT_URL_DYNAMODB apply. Default: {MembershipTableVariable}.",
        Recursive = true,
    };

    public Option<string> TlsDirectory { get; } = new("--tls-directory")
    {
        Description = $"Connect with mutual TLS, with tls.crt, tls.key and ca.crt from this directory (the fleet's Secret). Default: {TlsDirectoryVariable}; unset, plaintext.",
        Recursive = true,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table (default), json or yaml.",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The fleet's Orleans cluster id.",
        DefaultValueFactory = _ => FleetClientOptions.DefaultId,
        Recursive = true,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "The fleet's Orleans service id.",
        DefaultValueFactory = _ => FleetClientOptions.DefaultId,
        Recursive = true,
    };

    public Option<int> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "Seconds to keep trying while no gateway answers.",
        DefaultValueFactory = _ => 10,
        Recursive = true,
    };

    public Option<string> TokenFile { get; } = new("--token-file")
    {
        Description = $"A file holding the caller's token (kubectl create token … --audience awsmultieni), sent with every call. Default: {TokenFileVariable}.",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log the client's connection to standard error, for troubleshooting.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Verbose);
        root.Options.Add(Gateways);
        root.Options.Add(MembershipTable);
        root.Options.Add(TlsDirectory);
        root.Options.Add(Output);
        root.Options.Add(ClusterId);
        root.Options.Add(ServiceId);
        root.Options.Add(ConnectTimeout);
        root.Options.Add(TokenFile);
    }

    /// <summary>The TLS directory the command line or the environment gives; null for plaintext.</summary>
    public string? TlsDirectoryFor(ParseResult parsed) =>
        parsed.GetValue(TlsDirectory) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(TlsDirectoryVariable) is { Length: > 0 } set ? set
        : null;

    /// <summary>The client options the command line and the environment give.</summary>
    public FleetClientOptions ClientOptions(ParseResult parsed)
    {
        var gateways = parsed.GetValue(Gateways) is { Length: > 0 } given
            ? given
            : (Environment.GetEnvironmentVariable(GatewaysVariable) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var table = parsed.GetValue(MembershipTable) ?? Environment.GetEnvironmentVariable(MembershipTableVariable);
        if (gateways.Length == 0 && string.IsNullOrWhiteSpace(table))
        {
            throw new UsageException(
                $"No gateway to connect to: pass --gateway host:port or --membership-table TABLE, or set {GatewaysVariable} or {MembershipTableVariable}.");
        }

        var options = new FleetClientOptions
        {
            Gateways = [.. gateways],
            MembershipTable = string.IsNullOrWhiteSpace(table) ? null : table,
            ClusterId = parsed.GetValue(ClusterId)!,
            ServiceId = parsed.GetValue(ServiceId)!,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, parsed.GetValue(ConnectTimeout))),
            TokenFile = parsed.GetValue(TokenFile) ?? Environment.GetEnvironmentVariable(TokenFileVariable),
        };
        return options.Problems() is { Count: > 0 } problems ? throw new UsageException(string.Join(" ", problems)) : options;
    }
}
