using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>The emulator's options of the <c>ec2</c> command: declared on a command, and read back from its parse result.</summary>
internal sealed class Ec2CommandOptions
{
    private readonly Option<string> _region = new("--region")
    {
        HelpName = "R",
        Description = "Region; its zones are Ra to Rd.",
        DefaultValueFactory = _ => "us-east-1",
    };

    private readonly Option<double> _timeFactor = SandboxOption.Number("--time-factor", "F", "Emulated time runs F times faster: bucket refill times F, attach and detach delays divided by F", 1, 0.001);
    private readonly Option<string> _throttling = SandboxOption.OneOf("--throttling", "Answer RequestLimitExceeded (503) when a bucket is empty.", "on", "off");
    private readonly Option<Ec2ThrottleBuckets> _buckets = new("--buckets")
    {
        HelpName = "LIST",
        Description = "Buckets as NAME=CAPACITY/REFILL (per second), comma-separated; EC2's unless given: "
            + string.Join(", ", new Ec2ThrottleBuckets().ByName().Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value.Capacity}/{pair.Value.RefillPerSecond}")))
            + ".",
        CustomParser = ParseBuckets,
    };

    private readonly Option<int> _attachDelay = SandboxOption.WholeNumber("--attach-delay-ms", "N", "Time in attaching", 1000, 0);
    private readonly Option<int> _detachDelay = SandboxOption.WholeNumber("--detach-delay-ms", "N", "Time in detaching", 2000, 0);
    private readonly Option<int> _consistencyLag = SandboxOption.WholeNumber("--consistency-lag-ms", "N", "How long describes lag behind each change", 0, 0);
    private readonly Option<int> _latency = SandboxOption.WholeNumber("--latency-ms", "N", "Added to every answer, not scaled", 0, 0);
    private readonly Option<IReadOnlyList<Ec2FaultRule>> _faults = new("--faults")
    {
        HelpName = "LIST",
        Description = $"Injected errors as [ACTION:]CODE=RATE, comma-separated, e.g. RequestLimitExceeded=0.5,AttachNetworkInterface:InternalError=0.1; codes {string.Join(", ", Ec2FaultInjector.KnownCodes)}.",
        CustomParser = ParseFaults,
    };

    private readonly Option<IReadOnlyDictionary<string, string>> _iamPolicies = new("--iam-policy")
    {
        HelpName = "ACCESS_KEY_ID=FILE",
        Description = "Evaluate requests signed with ACCESS_KEY_ID against the IAM policy document FILE (UnauthorizedOperation, 403, when it does not allow them); repeatable. Other keys are the account's admin.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = ParseIamPolicies,
    };

    private readonly Option<int> _seed = SandboxOption.WholeNumber("--seed", "N", "Seed of the fault dice; random unless given", null, 0);

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _region, _timeFactor, _throttling, _buckets, _attachDelay, _detachDelay, _consistencyLag, _latency, _faults, _iamPolicies, _seed })
        {
            command.Options.Add(option);
        }
    }

    public Ec2EmulatorOptions Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return new Ec2EmulatorOptions
        {
            Region = parsed.GetRequiredValue(_region),
            TimeFactor = parsed.GetValue(_timeFactor),
            Throttling = parsed.GetValue(_throttling) == "on",
            Buckets = parsed.GetValue(_buckets) ?? new Ec2ThrottleBuckets(),
            AttachDelay = TimeSpan.FromMilliseconds(parsed.GetValue(_attachDelay)),
            DetachDelay = TimeSpan.FromMilliseconds(parsed.GetValue(_detachDelay)),
            ConsistencyLag = TimeSpan.FromMilliseconds(parsed.GetValue(_consistencyLag)),
            Latency = TimeSpan.FromMilliseconds(parsed.GetValue(_latency)),
            Faults = parsed.GetValue(_faults) ?? [],
            IamPolicies = parsed.GetValue(_iamPolicies) ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Seed = parsed.GetResult(_seed) is null ? null : parsed.GetValue(_seed),
        };
    }

    /// <summary><c>Mutating=50/5,CreateNetworkInterface=200/10</c>: capacity/refill per second by bucket name; the rest keep EC2's.</summary>
    private static Ec2ThrottleBuckets? ParseBuckets(ArgumentResult result)
    {
        var buckets = new Ec2ThrottleBuckets();
        var byName = buckets.ByName();
        foreach (var entry in Entries(result))
        {
            var (name, value) = Split(entry);
            var parts = value.Split('/');
            if (!byName.TryGetValue(name, out var bucket) || parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) || capacity < 1
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var refill) || refill <= 0)
            {
                result.AddError($"Option '--buckets' entry '{entry}' must be NAME=CAPACITY/REFILL with NAME one of {string.Join(", ", byName.Keys)}.");
                return null;
            }

            bucket.Capacity = capacity;
            bucket.RefillPerSecond = refill;
        }

        return buckets;
    }

    /// <summary><c>RequestLimitExceeded=0.2,AttachNetworkInterface:InternalError=0.1</c>: error code and rate, optionally for one action.</summary>
    private static IReadOnlyList<Ec2FaultRule>? ParseFaults(ArgumentResult result)
    {
        var rules = new List<Ec2FaultRule>();
        foreach (var entry in Entries(result))
        {
            var (target, value) = Split(entry);
            var colon = target.IndexOf(':', StringComparison.Ordinal);
            var action = colon < 0 ? null : target[..colon];
            var code = colon < 0 ? target : target[(colon + 1)..];
            if (!Ec2FaultInjector.KnownCodes.Contains(code)
                || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
            {
                result.AddError($"Option '--faults' entry '{entry}' must be [ACTION:]CODE=RATE with CODE one of {string.Join(", ", Ec2FaultInjector.KnownCodes)} and RATE 0..1.");
                return null;
            }

            rules.Add(new Ec2FaultRule(action, code, rate));
        }

        return rules;
    }

    /// <summary><c>AKIAFLEET=deploy/iam/silo-policy.json</c>, once per key; the file must exist.</summary>
    private static IReadOnlyDictionary<string, string>? ParseIamPolicies(ArgumentResult result)
    {
        var policies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            var at = token.Value.IndexOf('=', StringComparison.Ordinal);
            var (key, file) = at > 0 ? (token.Value[..at], token.Value[(at + 1)..]) : (token.Value, string.Empty);
            if (file.Length == 0 || !File.Exists(file) || !policies.TryAdd(key, Path.GetFullPath(file)))
            {
                result.AddError($"Option '--iam-policy' entry '{token.Value}' must be ACCESS_KEY_ID=FILE with an existing FILE, once per access key.");
                return null;
            }
        }

        return policies;
    }

    private static string[] Entries(ArgumentResult result) =>
        result.Tokens.Single().Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An entry's name and value either side of its last '='; with no '=', an empty value, which no entry accepts.</summary>
    private static (string Name, string Value) Split(string entry)
    {
        var at = entry.LastIndexOf('=');
        return at > 0 ? (entry[..at], entry[(at + 1)..]) : (entry, string.Empty);
    }
}
