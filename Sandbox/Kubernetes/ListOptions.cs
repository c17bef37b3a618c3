using System.Globalization;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// The paging of a list request: at most <paramref name="Limit"/> items (0: all of them), from where
/// <paramref name="Continue"/> says, and whether the page may say how many items remain (the API server counts them
/// only for lists without a label or field selector, since the count comes from storage, before filtering).
/// </summary>
internal sealed record ListOptions(int Limit, ContinueToken? Continue, bool CountsRemaining)
{
    /// <summary>Every item at once, as the emulator reads its own objects (RBAC bindings, say).</summary>
    public static ListOptions All { get; } = new(0, null, CountsRemaining: false);

    public static ListOptions From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? limitText = query["limit"];
        var limit = 0;
        if (!string.IsNullOrEmpty(limitText) && !int.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
        {
            throw ApiError.BadRequest($"invalid value for limit: \"{limitText}\"");
        }

        string? token = query["continue"];
        string? resourceVersion = query["resourceVersion"];
        if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(resourceVersion) && resourceVersion != "0")
        {
            throw ApiError.BadRequest("specifying resource version is not allowed when using continue");
        }

        return new ListOptions(
            Math.Max(limit, 0),
            string.IsNullOrEmpty(token) ? null : ContinueToken.Decode(token),
            string.IsNullOrEmpty(query["labelSelector"]) && string.IsNullOrEmpty(query["fieldSelector"]));
    }
}
