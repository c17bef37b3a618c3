using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>One served resource: where it lives in the URL space and how it behaves.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    bool HasStatus,
    IReadOnlyList<string> ShortNames)
{
    /// <summary>The CRD's <c>openAPIV3Schema</c>, enforced on writes; null for built-in types.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>The CRD's <c>additionalPrinterColumns</c>; empty for built-in types.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>The CRD's <c>names.categories</c>, e.g. <c>all</c> for <c>kubectl get all</c>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>1 hides the Name column unless <c>-o wide</c>, as for Events.</summary>
    public int NameColumnPriority { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Key => $"{Group}/{Version}/{Plural}";
}

/// <summary>An <c>additionalPrinterColumns</c> entry of a CRD version.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, string? Description, int Priority = 0);
