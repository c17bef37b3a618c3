namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>
/// The condition keys of one request and their values. Key names are case-insensitive as in IAM, except the tag key
/// after <c>aws:RequestTag/</c> or <c>aws:ResourceTag/</c>, which keeps EC2's case; <c>ec2:ResourceTag/K</c> is an
/// alias of <c>aws:ResourceTag/K</c>.
/// </summary>
internal sealed class IamContext
{
    private readonly Dictionary<string, IReadOnlyList<string>> _values = new(StringComparer.Ordinal);

    public IamContext Set(string key, params IReadOnlyList<string> values)
    {
        _values[Normalize(key)] = values;
        return this;
    }

    /// <summary>Adds <c>aws:RequestTag/K</c> for each tag and <c>aws:TagKeys</c>.</summary>
    public IamContext RequestTags(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            Set("aws:RequestTag/" + key, value);
        }

        return Set("aws:TagKeys", [.. tags.Keys]);
    }

    public IamContext ResourceTags(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            Set("aws:ResourceTag/" + key, value);
        }

        return this;
    }

    /// <summary>The key's values, or null when the request has no such key.</summary>
    public IReadOnlyList<string>? Get(string key) => _values.GetValueOrDefault(Normalize(key));

    private static string Normalize(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = (slash < 0 ? key : key[..slash]).ToLowerInvariant();
        name = name == "ec2:resourcetag" ? "aws:resourcetag" : name;
        return slash < 0 ? name : name + key[slash..];
    }
}
