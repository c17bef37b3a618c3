using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>
/// EC2 filter semantics: filters AND together, values of one filter OR together, <c>*</c> and <c>?</c> are
/// wildcards, <c>tag:Key</c>, <c>tag-key</c> and <c>tag-value</c> work on every taggable resource, and an
/// unknown filter name is an error rather than silently ignored.
/// </summary>
internal static class Ec2Filters
{
    /// <summary>Resources matching every filter; a filter name neither tag-based nor in <paramref name="attributes"/> is refused up front, as EC2 does, even when there is nothing to filter.</summary>
    public static IEnumerable<T> Apply<T>(
        IEnumerable<T> resources,
        IReadOnlyList<Ec2Filter> filters,
        Ec2FilterAttributes<T> attributes,
        Func<T, IReadOnlyDictionary<string, string>> tags)
    {
        var unknown = filters.FirstOrDefault(filter => !IsTagFilter(filter.Name) && !attributes.ContainsKey(filter.Name));
        if (unknown is not null)
        {
            throw new Ec2ApiError("InvalidParameterValue", $"The filter '{unknown.Name}' is invalid");
        }

        var compiled = filters.Select(filter => (filter.Name, Patterns: filter.Values.Select(Glob).ToList())).ToList();
        return resources.Where(resource => compiled.All(filter => ValuesOf(resource, filter.Name, attributes, tags).Any(value => filter.Patterns.Any(pattern => pattern.IsMatch(value)))));
    }

    private static bool IsTagFilter(string name) => name.StartsWith("tag:", StringComparison.Ordinal) || name is "tag-key" or "tag-value";

    private static IEnumerable<string> ValuesOf<T>(T resource, string name, Ec2FilterAttributes<T> attributes, Func<T, IReadOnlyDictionary<string, string>> tags)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
        {
            return tags(resource).TryGetValue(name[4..], out var value) ? [value] : [];
        }

        return name switch
        {
            "tag-key" => tags(resource).Keys,
            "tag-value" => tags(resource).Values,
            _ => attributes[name](resource),
        };
    }

    private static Regex Glob(string value) =>
        new("^" + Regex.Escape(value).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

/// <summary>The filter names one Describe* understands, each with the values it reads off a resource.</summary>
internal sealed class Ec2FilterAttributes<T>() : Dictionary<string, Func<T, IEnumerable<string>>>(StringComparer.Ordinal);
