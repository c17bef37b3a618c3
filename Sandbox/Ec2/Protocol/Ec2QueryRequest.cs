using System.Globalization;
using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>One EC2 filter: a name and the values any of which may match.</summary>
internal sealed record Ec2Filter(string Name, IReadOnlyList<string> Values);

/// <summary>
/// The parameters of one EC2 Query request (<c>Action=…&amp;Version=…</c>, lists as <c>Name.1</c>, <c>Name.2</c>,
/// structures as <c>Name.1.Member</c>), read the way EC2 reads them.
/// </summary>
internal sealed partial class Ec2QueryRequest(IReadOnlyDictionary<string, string> parameters)
{
    public string Action => parameters.GetValueOrDefault("Action") ?? string.Empty;

    public string? String(string name) => parameters.GetValueOrDefault(name);

    public string Required(string name) =>
        parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : throw Ec2ApiError.Missing(name);

    public int? Int(string name) =>
        parameters.TryGetValue(name, out var text)
            ? int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Ec2ApiError.InvalidValue(name, text, "Expected an integer.")
            : null;

    public bool? Bool(string name) =>
        parameters.TryGetValue(name, out var text)
            ? bool.TryParse(text, out var value) ? value : throw Ec2ApiError.InvalidValue(name, text, "Expected true or false.")
            : null;

    /// <summary>The values of <c>Name.1</c>, <c>Name.2</c>, … in index order.</summary>
    public IReadOnlyList<string> List(string name) => Indexed(name).Select(index => parameters[$"{name}.{index}"]).ToList();

    /// <summary>The structures <c>Name.N.Member</c>, in index order, each as its members by name.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Structures(string name)
    {
        var pattern = new Regex($"^{Regex.Escape(name)}\\.(\\d+)\\.([A-Za-z0-9]+)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return parameters
            .Select(pair => (Match: pattern.Match(pair.Key), pair.Value))
            .Where(entry => entry.Match.Success)
            .GroupBy(entry => int.Parse(entry.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .OrderBy(group => group.Key)
            .Select(group => (IReadOnlyDictionary<string, string>)group.ToDictionary(entry => entry.Match.Groups[2].Value, entry => entry.Value, StringComparer.Ordinal))
            .ToList();
    }

    public IReadOnlyList<Ec2Filter> Filters() =>
        Indexed("Filter", ".Name").Select(index => new Ec2Filter(parameters[$"Filter.{index}.Name"], List($"Filter.{index}.Value"))).ToList();

    /// <summary>The tags of <c>Prefix.N.Key</c> / <c>Prefix.N.Value</c>.</summary>
    public IReadOnlyDictionary<string, string> Tags(string prefix) =>
        Indexed(prefix, ".Key").ToDictionary(index => parameters[$"{prefix}.{index}.Key"], index => parameters.GetValueOrDefault($"{prefix}.{index}.Value") ?? string.Empty, StringComparer.Ordinal);

    /// <summary>Tags of the <c>TagSpecification.N</c> entries for <paramref name="resourceType"/>; other types are an error.</summary>
    public IReadOnlyDictionary<string, string> TagsOnCreate(string resourceType)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var index in Indexed("TagSpecification", ".ResourceType"))
        {
            var type = parameters[$"TagSpecification.{index}.ResourceType"];
            if (type != resourceType)
            {
                throw Ec2ApiError.InvalidValue("TagSpecification.ResourceType", type, $"This operation tags resources of type '{resourceType}' only.");
            }

            foreach (var (key, value) in Tags($"TagSpecification.{index}.Tag"))
            {
                tags[key] = value;
            }
        }

        return tags;
    }

    private IEnumerable<int> Indexed(string name, string suffix = "")
    {
        var pattern = new Regex($"^{Regex.Escape(name)}\\.(\\d+){Regex.Escape(suffix)}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return parameters.Keys
            .Select(key => pattern.Match(key))
            .Where(match => match.Success)
            .Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Order();
    }
}
