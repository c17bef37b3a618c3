using System.Globalization;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// What a list request answers: its items, the resourceVersion they were read at (every page of one list is read at
/// its first page's), and, when more remain, the token for the next page and how many remain.
/// </summary>
internal sealed record ListPage(List<JsonObject> Items, long ResourceVersion, ContinueToken? Continue = null, long? RemainingItemCount = null)
{
    /// <summary>The list's <c>metadata</c>, for a <c>…List</c> and a <c>Table</c> alike.</summary>
    public JsonObject Metadata()
    {
        var metadata = new JsonObject { ["resourceVersion"] = ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (Continue is not null)
        {
            metadata["continue"] = Continue.Encode();
        }

        if (RemainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        return metadata;
    }
}
