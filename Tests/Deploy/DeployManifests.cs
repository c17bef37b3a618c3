using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>The plain manifests of a <c>deploy/</c> folder as parsed objects, and the configuration their containers receive.</summary>
internal sealed partial class DeployManifests(IReadOnlyList<JsonObject> objects)
{
    /// <summary>The pod IP a <c>status.podIP</c> field reference stands for when a test binds an environment.</summary>
    public const string PodIP = "10.0.1.23";

    /// <summary>The node's IP, for <c>status.hostIP</c>.</summary>
    public const string HostIP = "10.0.16.4";

    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public static DeployManifests Load(string folder) =>
        new(Directory.GetFiles(RepositoryFiles.PathOf(folder), "*.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => YamlJson.Documents(File.ReadAllText(file)))
            .ToList());

    public JsonObject Get(string kind, string name) =>
        Objects.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    public static JsonObject Container(JsonObject workload, string name) =>
        workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
            .Select(c => c!.AsObject())
            .Single(c => (string?)c["name"] == name);

    /// <summary>
    /// Every variable the container's process sees from its manifest: its <c>env</c> (a field
    /// reference resolved as the kubelet would, <c>status.podIP</c> to <see cref="PodIP"/>) and
    /// the data of each ConfigMap it takes with <c>envFrom</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(JsonObject container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var configMap = Get("ConfigMap", (string)source!["configMapRef"]!["name"]!);
            foreach (var (key, value) in configMap["data"]!.AsObject())
            {
                environment[key] = (string)value!;
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            environment[(string)variable!["name"]!] = variable["value"] is { } value
                ? Expand(value.ToString(), environment)
                : FieldValue((string)variable["valueFrom"]!["fieldRef"]!["fieldPath"]!);
        }

        return environment;
    }

    private static string FieldValue(string fieldPath) => fieldPath switch
    {
        "status.podIP" => PodIP,
        "status.hostIP" => HostIP,
        "spec.nodeName" => "ip-10-0-16-4.ec2.internal",
        _ => throw new InvalidOperationException($"No test value for field reference {fieldPath}."),
    };

    /// <summary>The kubelet's <c>$(NAME)</c> expansion: a variable defined earlier in the list is substituted, anything else kept.</summary>
    private static string Expand(string value, Dictionary<string, string> earlier) =>
        Reference().Replace(value, m => earlier.TryGetValue(m.Groups[1].Value, out var defined) ? defined : m.Value);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
