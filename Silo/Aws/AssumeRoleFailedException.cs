using Amazon.Runtime;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// STS refused or could not be asked for a cluster's role. <see cref="Refused"/> when STS answered (the trust policy,
/// the silo's <c>sts:AssumeRole</c> permission or the ARN is wrong: an operator must act); otherwise STS was out of reach.
/// </summary>
public sealed class AssumeRoleFailedException : AmazonClientException
{
    public AssumeRoleFailedException(string roleArn, string? errorCode, string message, Exception? inner)
        : base($"Cannot assume role {roleArn}: {errorCode ?? "NetworkError"}: {message}", inner)
    {
        RoleArn = roleArn;
        ErrorCode = errorCode;
    }

    public string RoleArn { get; }

    /// <summary>STS's error code (<c>AccessDenied</c>, …); null when STS did not answer.</summary>
    public string? ErrorCode { get; }

    public bool Refused => ErrorCode is not null;
}
