namespace AwsMultiEni.Security;

/// <summary>Where a caller's bearer token travels with a grain call.</summary>
public static class CallerToken
{
    /// <summary>The RequestContext key holding the token (a projected ServiceAccount token, audience <see cref="Audience"/>).</summary>
    public const string RequestContextKey = "awsmultieni-token";

    /// <summary>The audience the fleet's tokens are minted for and reviewed against.</summary>
    public const string Audience = "awsmultieni";
}
