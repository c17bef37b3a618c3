using System.Globalization;
using System.Text;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>MaxResults / NextToken as EC2 does them: a bounded page size, an opaque token, no token on the last page.</summary>
internal static class Ec2Pagination
{
    public static (IReadOnlyList<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, Ec2QueryRequest request, int min = 5, int max = 1000)
    {
        var maxResults = request.Int("MaxResults");
        var token = request.String("NextToken");
        if (maxResults is null && token is null)
        {
            return (items, null);
        }

        if (maxResults is { } size && (size < min || size > max))
        {
            throw Ec2ApiError.InvalidValue("MaxResults", size.ToString(CultureInfo.InvariantCulture), $"Value must be between {min} and {max}.");
        }

        var offset = token is null ? 0 : Decode(token);
        var take = maxResults ?? max;
        var page = items.Skip(offset).Take(take).ToList();
        return (page, offset + take < items.Count ? Encode(offset + take) : null);
    }

    private static string Encode(int offset) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"offset:{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static int Decode(string token)
    {
        var bytes = new byte[token.Length];
        if (Convert.TryFromBase64String(token, bytes, out var written))
        {
            var text = Encoding.ASCII.GetString(bytes, 0, written);
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }

        throw new Ec2ApiError("InvalidParameterValue", $"Invalid value '{token}' for NextToken.");
    }
}
