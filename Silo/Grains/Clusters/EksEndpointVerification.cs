using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Silo.Grains.Clusters;

/// <summary>
/// An EKS registration's endpoint and CA are taken only when they are what EKS reports for the cluster name in its region
/// (asked with the cluster's role when it names one): otherwise anyone who may register a cluster could point the silo at
/// a server of their own and receive an EKS token signed for a real cluster. Skipped only when the registration says so.
/// </summary>
internal static class EksEndpointVerification
{
    /// <exception cref="ArgumentException">The endpoint or CA is not the cluster's.</exception>
    /// <exception cref="EksRequestException">EKS could not be asked, refused, or does not know the cluster.</exception>
    public static async Task VerifyEndpointAsync(this IEksClusters eks, ClusterRegistration registration, CancellationToken cancellationToken)
    {
        if (registration.Eks is not { SkipEndpointCheck: false } claimed)
        {
            return;
        }

        var reported = await eks.DescribeAsync(registration.Region, claimed.ClusterName, registration.Role, cancellationToken);
        var what = !SameEndpoint(reported.Endpoint, claimed.Endpoint) ? $"endpoint {claimed.Endpoint} is not {reported.Endpoint}"
            : !SameAuthority(reported.CertificateAuthority, claimed.CertificateAuthority) ? "certificate authority is not the one"
            : null;
        if (what is not null)
        {
            throw new ArgumentException(
                $"Cluster '{registration.Name}': EKS {what} that eks:DescribeCluster reports for {claimed.ClusterName} in {registration.Region}; refused, since the "
                + "silo sends its EKS token only to a verified endpoint (SkipEndpointCheck accepts it unverified: unsafe).");
        }
    }

    /// <summary>Scheme, host and port alike (a trailing slash aside): where the token would go.</summary>
    private static bool SameEndpoint(Uri reported, Uri claimed) =>
        reported.GetLeftPart(UriPartial.Authority).Equals(claimed.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
        && reported.AbsolutePath.TrimEnd('/') == claimed.AbsolutePath.TrimEnd('/');

    /// <summary>The same base64 text, whatever line breaks or spaces a copy added.</summary>
    private static bool SameAuthority(string reported, string claimed) =>
        string.Concat(reported.Where(c => !char.IsWhiteSpace(c))) == string.Concat(claimed.Where(c => !char.IsWhiteSpace(c)));
}
