using System.Text.Json.Serialization;

namespace AwsMultiEni.Abstractions.Nodes;

/// <summary>What the agent observed on its node after converging, one entry per desired ENI.</summary>
[GenerateSerializer, Immutable]
public sealed record NodeInterfaceReport([property: Id(0)] IReadOnlyList<ObservedInterface> Interfaces)
{
    [JsonIgnore]
    public bool AllConverged => Interfaces.All(i => i.Error is null);
}
