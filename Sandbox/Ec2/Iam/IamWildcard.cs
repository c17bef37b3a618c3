namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>IAM's wildcards in actions, resources and StringLike: <c>*</c> any run of characters, <c>?</c> one character.</summary>
internal static class IamWildcard
{
    public static bool Matches(string pattern, string value, bool ignoreCase)
    {
        // Iterative glob match with one backtrack point: linear enough for ARNs and never recursive.
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, value, v, 1, comparison) == 0) && pattern[p] != '*')
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
