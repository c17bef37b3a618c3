using System.Globalization;
using AwsMultiEni.Sandbox.Cli;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Sandbox.Ec2;

/// <summary>The emulator options shared by the <c>ec2</c> and <c>bench-ec2</c> commands.</summary>
internal static class Ec2CommandOptions
{
    public static readonly string[] Names = ["region", "time-factor", "throttling", "buckets", "attach-delay-ms", "detach-delay-ms", "consistency-lag-ms", "latency-ms", "faults", "seed"];

    public static Ec2EmulatorOptions Read(CommandArguments options, double defaultTimeFactor = 1)
    {
        var throttling = options.String("throttling", "on");
        return new Ec2EmulatorOptions
        {
            Region = options.String("region", "us-east-1"),
            TimeFactor = options.Double("time-factor", defaultTimeFactor, 0.001),
            Throttling = throttling switch
            {
                "on" => true,
                "off" => false,
                _ => throw new UsageException($"Option '--throttling' must be on or off, not '{throttling}'."),
            },
            Buckets = Buckets(options.String("buckets")),
            AttachDelay = TimeSpan.FromMilliseconds(options.Int("attach-delay-ms", 1000)),
            DetachDelay = TimeSpan.FromMilliseconds(options.Int("detach-delay-ms", 2000)),
            ConsistencyLag = TimeSpan.FromMilliseconds(options.Int("consistency-lag-ms", 0)),
            Latency = TimeSpan.FromMilliseconds(options.Int("latency-ms", 0)),
            Faults = Faults(options.String("faults")),
            Seed = options.String("seed") is null ? null : options.Int("seed", 0),
        };
    }

    /// <summary><c>Mutating=50/5,CreateNetworkInterface=200/10</c>: capacity/refill per second by bucket name.</summary>
    public static Ec2ThrottleBuckets Buckets(string? text)
    {
        var buckets = new Ec2ThrottleBuckets();
        var byName = buckets.ByName();
        foreach (var entry in Entries(text))
        {
            var (name, value) = Split(entry, '=', "--buckets");
            var parts = value.Split('/');
            if (!byName.TryGetValue(name, out var bucket) || parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) || capacity < 1
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var refill) || refill <= 0)
            {
                throw new UsageException($"Option '--buckets' entry '{entry}' must be NAME=CAPACITY/REFILL with NAME one of {string.Join(", ", byName.Keys)}.");
            }

            bucket.Capacity = capacity;
            bucket.RefillPerSecond = refill;
        }

        return buckets;
    }

    /// <summary><c>RequestLimitExceeded=0.2,AttachNetworkInterface:InternalError=0.1</c>: error code and rate, optionally for one action.</summary>
    public static IReadOnlyList<Ec2FaultRule> Faults(string? text) =>
        [.. Entries(text).Select(entry =>
        {
            var (target, value) = Split(entry, '=', "--faults");
            var colon = target.IndexOf(':', StringComparison.Ordinal);
            var action = colon < 0 ? null : target[..colon];
            var code = colon < 0 ? target : target[(colon + 1)..];
            if (!Ec2FaultInjector.KnownCodes.Contains(code)
                || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
            {
                throw new UsageException($"Option '--faults' entry '{entry}' must be [ACTION:]CODE=RATE with CODE one of {string.Join(", ", Ec2FaultInjector.KnownCodes)} and RATE 0..1.");
            }

            return new Ec2FaultRule(action, code, rate);
        })];

    private static IEnumerable<string> Entries(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string Name, string Value) Split(string entry, char separator, string option)
    {
        var at = entry.LastIndexOf(separator);
        return at > 0 ? (entry[..at], entry[(at + 1)..]) : throw new UsageException($"Option '{option}' entry '{entry}' has no '{separator}'.");
    }
}
