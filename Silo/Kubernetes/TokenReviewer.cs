using k8s;
using k8s.Models;

namespace AwsMultiEni.Silo.Kubernetes;

internal sealed class TokenReviewer(IKubernetes client) : ITokenReviewer
{
    public async Task<TokenReviewAnswer> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        var review = new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = [.. audiences] } };
        var answer = await client.AuthenticationV1.CreateTokenReviewAsync(review, cancellationToken: cancellationToken);
        if (answer.Status is not { Authenticated: true, User: { } user })
        {
            return TokenReviewAnswer.Refused(answer.Status?.Error);
        }

        var extra = (user.Extra ?? new Dictionary<string, IList<string>>())
            .ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[.. e.Value], StringComparer.Ordinal);
        return new TokenReviewAnswer(true, user.Username, [.. user.Groups ?? []], extra, null);
    }
}
