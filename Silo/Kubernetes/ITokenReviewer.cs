namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Asks the cluster's API server who a bearer token belongs to (a TokenReview, <c>authentication.k8s.io/v1</c>).</summary>
public interface ITokenReviewer
{
    /// <summary>
    /// The API server's answer for <paramref name="token"/> minted for one of <paramref name="audiences"/>; throws when
    /// the server cannot be asked (unreachable, or the silo may not create TokenReviews).
    /// </summary>
    Task<TokenReviewAnswer> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken);
}

/// <summary>
/// Who the API server says a token is: its user and groups, and for a token bound to a pod the extras naming the pod
/// and its node (<see cref="NodeNameExtra"/>). <see cref="Error"/> says why when not authenticated.
/// </summary>
public sealed record TokenReviewAnswer(
    bool Authenticated, string? User, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra, string? Error)
{
    public const string NodeNameExtra = "authentication.kubernetes.io/node-name";

    public static TokenReviewAnswer Refused(string? error) => new(false, null, [], new Dictionary<string, IReadOnlyList<string>>(), error);

    /// <summary>The node the token is bound to (through its pod), or null for a token bound to none.</summary>
    public string? Node => Extra.TryGetValue(NodeNameExtra, out var values) && values is [var node] ? node : null;
}
