using System.CommandLine;
using System.Globalization;

namespace AwsMultiEni.Sandbox.Cli;

/// <summary>
/// The Sandbox's typed options. A value that does not parse, or lies outside its range, is a parse error naming the
/// option and what it accepts, so that a typo stops the command instead of running it on a value nobody meant.
/// </summary>
internal static class SandboxOption
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; with no <paramref name="defaultValue"/>, absent unless given.</summary>
    public static Option<int> WholeNumber(string name, string helpName, string description, int? defaultValue, int min, int max = int.MaxValue) => new(name)
    {
        HelpName = helpName,
        Description = $"{description} ({(max == int.MaxValue ? $"at least {min}" : $"{min} to {max}")}).",
        DefaultValueFactory = defaultValue is { } value ? _ => value : null,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
            {
                return parsed;
            }

            result.AddError($"Option '{name}' must be a whole number from {min} to {max}, not '{text}'.");
            return default;
        },
    };

    /// <summary>A finite number of at least <paramref name="min"/>.</summary>
    public static Option<double> Number(string name, string helpName, string description, double defaultValue, double min) => new(name)
    {
        HelpName = helpName,
        Description = $"{description} (at least {min}).",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) && parsed >= min)
            {
                return parsed;
            }

            result.AddError($"Option '{name}' must be a number of at least {min}, not '{text}'.");
            return default;
        },
    };

    /// <summary>An absolute URL; absent unless given.</summary>
    public static Option<Uri> Url(string name, string description) => new(name)
    {
        HelpName = "URL",
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var parsed))
            {
                return parsed;
            }

            result.AddError($"Option '{name}' must be an absolute URL, not '{text}'.");
            return null;
        },
    };

    /// <summary>One of <paramref name="values"/>, the first by default.</summary>
    public static Option<string> OneOf(string name, string description, params string[] values) => new(name)
    {
        HelpName = string.Join('|', values),
        Description = description,
        DefaultValueFactory = _ => values[0],
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (values.Contains(text, StringComparer.Ordinal))
            {
                return text;
            }

            result.AddError($"Option '{name}' must be {string.Join(" or ", values)}, not '{text}'.");
            return null;
        },
    };
}
