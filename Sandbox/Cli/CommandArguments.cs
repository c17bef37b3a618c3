using System.Globalization;

namespace AwsMultiEni.Sandbox.Cli;

/// <summary>
/// The <c>--name value</c> options of one Sandbox command. Unknown options are an error,
/// so a typo never silently falls back to a default.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string> _values;

    private CommandArguments(Dictionary<string, string> values) => _values = values;

    public static CommandArguments Parse(IReadOnlyList<string> args, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(name[2..]))
            {
                throw new UsageException($"Unknown option '{name}'. Known options: {string.Join(", ", allowed.Select(a => "--" + a))}.");
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"Option '{name}' needs a value.");
            }

            values[name[2..]] = args[++i];
        }

        return new CommandArguments(values);
    }

    public string? String(string name) => _values.GetValueOrDefault(name);

    public string String(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    public int Int(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"Option '--{name}' must be a whole number from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    public double Double(string name, double fallback, double min = 0)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new UsageException($"Option '--{name}' must be a number of at least {min}, not '{text}'.");
        }

        return value;
    }
}

/// <summary>A command line that cannot be run as written; its message says what to change.</summary>
public sealed class UsageException(string message) : Exception(message);
