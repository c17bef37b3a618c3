using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>The part every Describe* shares: explicit IDs must all exist, then filters, then a page.</summary>
internal static class Ec2Describe
{
    public static (IReadOnlyList<T> Page, string? NextToken) Select<T>(
        IEnumerable<T> all,
        Func<T, string> id,
        IReadOnlyList<string> ids,
        Func<string, Exception> notFound,
        Ec2QueryRequest request,
        Ec2FilterAttributes<T> attributes,
        Func<T, IReadOnlyDictionary<string, string>> tags)
    {
        var candidates = all.OrderBy(id, StringComparer.Ordinal).ToList();
        if (ids.Count > 0)
        {
            var byId = candidates.ToDictionary(id, StringComparer.Ordinal);
            var missing = ids.FirstOrDefault(wanted => !byId.ContainsKey(wanted));
            if (missing is not null)
            {
                throw notFound(missing);
            }

            candidates = [.. ids.Distinct(StringComparer.Ordinal).Select(wanted => byId[wanted])];
        }

        var filtered = Ec2Filters.Apply(candidates, request.Filters(), attributes, tags).ToList();
        return Ec2Pagination.Page(filtered, request);
    }

    public static IEnumerable<object> Page(string setName, IEnumerable<IEnumerable<object?>> items, string? nextToken)
    {
        yield return Ec2Xml.Set(setName, items);
        if (nextToken is not null)
        {
            yield return Ec2Xml.E("nextToken", nextToken);
        }
    }
}
