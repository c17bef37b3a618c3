using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>
/// EC2 filter semantics: filters AND together, values of one filter OR together, <c>*</c> and <c>?</c> are
/// wildcards, <c>tag:Key</c>, <c>tag-key</c> and <c>tag-value</c> work on every taggable resource, and an
/// unknown filter name is an error rather than silently ignored.
/// </summary>
internal static class Ec2Filters
{
    /// <param name="attribute">The values of a named attribute of a resource, or null when the filter name is unknown.</param>
    public static IEnumerable<T> Apply<T>(
        IEnumerable<T> resources,
        IReadOnlyList<Ec2Filter> filters,
        Func<T, string, IEnumerable<string>?> attribute,
        Func<T, IReadOnlyDictionary<string, string>> tags)
    {
        var compiled = filters.Select(filter => (filter.Name, Patterns: filter.Values.Select(Glob).ToList())).ToList();
        return resources.Where(resource => compiled.All(filter => ValuesOf(resource, filter.Name, attribute, tags).Any(value => filter.Patterns.Any(pattern => pattern.IsMatch(value)))));
    }

    private static IEnumerable<string> ValuesOf<T>(T resource, string name, Func<T, string, IEnumerable<string>?> attribute, Func<T, IReadOnlyDictionary<string, string>> tags)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
        {
            return tags(resource).TryGetValue(name[4..], out var value) ? [value] : [];
        }

        return name switch
        {
            "tag-key" => tags(resource).Keys,
            "tag-value" => tags(resource).Values,
            _ => attribute(resource, name) ?? throw new Ec2ApiError("InvalidParameterValue", $"The filter '{name}' is invalid"),
        };
    }

    private static Regex Glob(string value) =>
        new("^" + Regex.Escape(value).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
