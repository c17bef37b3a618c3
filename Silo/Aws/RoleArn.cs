using System.Text.RegularExpressions;

namespace AwsMultiEni.Silo.Aws;

/// <summary>An IAM role ARN a cluster names: <c>arn:PARTITION:iam::ACCOUNT:role/PATH/NAME</c>.</summary>
public static partial class RoleArn
{
    /// <summary>The role's account, or null when <paramref name="arn"/> is not a role ARN.</summary>
    public static string? Account(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var match = Pattern().Match(arn);
        return match.Success ? match.Groups["account"].Value : null;
    }

    /// <summary>
    /// The STS role session name for <paramref name="subject"/>: <c>awsmultieni-</c> and the subject, with characters
    /// STS refuses replaced and cut to its 64-character limit, so CloudTrail in the member account tells who called.
    /// </summary>
    public static string SessionName(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var name = "awsmultieni-" + SessionUnsafe().Replace(subject, "-");
        return name.Length <= 64 ? name : name[..64];
    }

    /// <summary>Whether STS accepts <paramref name="externalId"/> as an <c>ExternalId</c>.</summary>
    public static bool IsExternalId(string externalId) => ExternalIdPattern().IsMatch(externalId);

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::(?<account>\d{12}):role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"[^\w+=,.@-]")]
    private static partial Regex SessionUnsafe();
}
