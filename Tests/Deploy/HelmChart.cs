using System.Text.Json.Nodes;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>One Helm chart under <c>charts/</c>, its <c>ci/</c> values files, and its objects as a real helm renders them.</summary>
internal sealed class HelmChart(string name)
{
    /// <summary>The release name the README installs both charts as.</summary>
    public const string ReadmeRelease = "awsmultieni";

    public string Name { get; } = name;

    public string Folder { get; } = RepositoryFiles.PathOf($"charts/{name}");

    public JsonObject Chart => YamlJson.Documents(File.ReadAllText(Path.Combine(Folder, "Chart.yaml"))).Single();

    /// <summary>The values files the tests render and lint with (chart-testing's <c>ci/</c> convention), by file name.</summary>
    public IReadOnlyList<string> ValuesFiles =>
        [.. Directory.GetFiles(Path.Combine(Folder, "ci"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public string ValuesFile(string fileName) => Path.Combine(Folder, "ci", fileName);

    /// <summary>The objects <c>helm template</c> renders with a <c>ci/</c> values file, in the namespace the README installs the chart into.</summary>
    public async Task<DeployManifests> RenderAsync(Helm helm, string valuesFile, string release = ReadmeRelease, bool includeCrds = false)
    {
        var rendered = (await helm.RunAsync(["template", release, Folder, "--namespace", ReadmeNamespace, "-f", ValuesFile(valuesFile), .. includeCrds ? ["--include-crds"] : Array.Empty<string>()])).Succeeded();
        return new DeployManifests(YamlJson.Documents(rendered.Output));
    }

    /// <summary>The namespace the README installs this chart into: the silo set's, or the node agent's own.</summary>
    public string ReadmeNamespace => Name == "awsmultieni-cluster" ? "awsmultieni-node" : "awsmultieni";
}
