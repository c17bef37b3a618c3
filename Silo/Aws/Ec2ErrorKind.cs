namespace AwsMultiEni.Silo.Aws;

/// <summary>How the gateway treats an EC2 error code.</summary>
public enum Ec2ErrorKind
{
    /// <summary>Over the request budget (<c>RequestLimitExceeded</c> and friends): retried with backoff.</summary>
    Throttled,

    /// <summary>5xx or a broken connection: retried with backoff.</summary>
    Transient,

    /// <summary>A <c>*.NotFound</c> code: an answer for describes, detaches and deletes.</summary>
    NotFound,

    /// <summary>Missing IAM permission or bad credentials: terminal, the operator must act.</summary>
    Unauthorized,

    /// <summary>
    /// An account, instance or subnet limit (<c>AttachmentLimitExceeded</c>, <c>PrivateIpAddressLimitExceeded</c>,
    /// <c>InsufficientCidrBlocks</c>, <c>InsufficientFreeAddressesInSubnet</c>): terminal until capacity changes.
    /// </summary>
    LimitExceeded,

    /// <summary>Any other 4xx (invalid parameter, wrong state): terminal, fix the request.</summary>
    InvalidRequest,

    /// <summary>
    /// The resource is not ready for the call yet (<c>InvalidNetworkInterface.InUse</c>, which EC2 answers for a while
    /// after a detach completes): not retried within the call; the grain tries again at its next tick.
    /// </summary>
    Busy,
}
