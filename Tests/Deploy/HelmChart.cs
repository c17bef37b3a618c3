using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>
/// One hand-written Helm chart under <c>charts/</c>, read as text: helm is not available here, so
/// tests check what can be known without rendering (the values templates use, their blocks,
/// the names they define, the environment variables and kinds they write).
/// </summary>
internal sealed partial class HelmChart(string name)
{
    public string Name { get; } = name;

    public string Folder { get; } = RepositoryFiles.PathOf($"charts/{name}");

    public JsonObject Chart => YamlJson.Documents(File.ReadAllText(Path.Combine(Folder, "Chart.yaml"))).Single();

    public JsonObject Values => YamlJson.Documents(File.ReadAllText(Path.Combine(Folder, "values.yaml"))).Single();

    /// <summary>Every file under <c>templates/</c> (manifests, <c>_helpers.tpl</c>, <c>NOTES.txt</c>) by file name.</summary>
    public IReadOnlyDictionary<string, string> Templates =>
        Directory.GetFiles(Path.Combine(Folder, "templates")).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));

    public string Template(string fileName) => Templates[fileName];

    /// <summary>Every <c>.Values</c> path a template reads, directly or through a variable bound to a <c>.Values</c> path.</summary>
    public IEnumerable<string> ValuePaths() => Templates.Values.SelectMany(text =>
    {
        var aliases = ValuesAlias().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return ValuesPath().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(aliases.SelectMany(alias => Regex.Matches(text, $@"\${Regex.Escape(alias.Key)}((?:\.\w+)+)").Select(m => alias.Value + m.Groups[1].Value)));
    }).Select(path => path.TrimStart('.')).Distinct(StringComparer.Ordinal);

    public static IReadOnlySet<string> EnvironmentNames(string template) =>
        EnvEntry().Matches(template).Select(m => Normalize(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> DataKeys(string template) =>
        DataKey().Matches(template).Select(m => Normalize(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> Kinds(string template) =>
        Kind().Matches(template).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    public static int Openings(string template) => Opening().Count(template);

    public static int Ends(string template) => End().Count(template);

    public IReadOnlySet<string> Defined() =>
        Templates.Values.SelectMany(t => Define().Matches(t)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> Included() =>
        Templates.Values.SelectMany(t => Include().Matches(t)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>A list index a template writes (<c>{{ $i }}</c>) reads as the first item, as the plain manifests write it.</summary>
    private static string Normalize(string name) => IndexAction().Replace(name, "0");

    [GeneratedRegex(@"\.Values((?:\.\w+)+)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"\{\{-?\s*\$(\w+)\s*:=\s*\.Values((?:\.\w+)+)")]
    private static partial Regex ValuesAlias();

    [GeneratedRegex(@"-\s+name:\s*([^\s][^\n]*?)\s*\n\s*value(?:From)?:")]
    private static partial Regex EnvEntry();

    [GeneratedRegex(@"(?m)^\s*([A-Za-z]\w*(?:__(?:\w+|\{\{[^}]*\}\}))+):\s")]
    private static partial Regex DataKey();

    [GeneratedRegex(@"(?m)^kind:\s*(\w+)\s*$")]
    private static partial Regex Kind();

    [GeneratedRegex(@"\{\{-?\s*(?:if|range|with|define|block)\b")]
    private static partial Regex Opening();

    [GeneratedRegex(@"\{\{-?\s*end\s*-?\}\}")]
    private static partial Regex End();

    [GeneratedRegex(@"\{\{-?\s*define\s+""([^""]+)""")]
    private static partial Regex Define();

    [GeneratedRegex(@"include\s+""([^""]+)""")]
    private static partial Regex Include();

    [GeneratedRegex(@"\{\{-?\s*\$\w+\s*-?\}\}")]
    private static partial Regex IndexAction();
}
