namespace AwsMultiEni.Silo.Aws;

/// <summary>Classifies EC2 errors by their error code and HTTP status, never by message text.</summary>
public static class Ec2ErrorClassifier
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "RequestLimitExceeded", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestThrottledException", "TooManyRequestsException", "SlowDown", "BandwidthLimitExceeded",
        "EC2ThrottledException", "PriorRequestNotComplete",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable", "RequestTimeout", "RequestTimeoutException",
    };

    private static readonly HashSet<string> UnauthorizedCodes = new(StringComparer.Ordinal)
    {
        "UnauthorizedOperation", "AuthFailure", "Blocked", "OptInRequired", "SignatureDoesNotMatch",
        "InvalidClientTokenId", "ExpiredToken", "AccessDenied", "AccessDeniedException",
    };

    /// <summary>Capacity codes whose names do not end in <c>LimitExceeded</c>: a subnet out of addresses or of free aligned /28s.</summary>
    private static readonly HashSet<string> CapacityCodes = new(StringComparer.Ordinal) { "InsufficientCidrBlocks", "InsufficientFreeAddressesInSubnet" };

    private static readonly HashSet<string> BusyCodes = new(StringComparer.Ordinal) { "InvalidNetworkInterface.InUse" };

    public static Ec2ErrorKind Classify(string? errorCode, int httpStatus)
    {
        var code = errorCode ?? string.Empty;
        if (BusyCodes.Contains(code))
        {
            return Ec2ErrorKind.Busy;
        }

        if (ThrottlingCodes.Contains(code))
        {
            return Ec2ErrorKind.Throttled;
        }

        if (TransientCodes.Contains(code) || httpStatus >= 500)
        {
            return Ec2ErrorKind.Transient;
        }

        if (UnauthorizedCodes.Contains(code))
        {
            return Ec2ErrorKind.Unauthorized;
        }

        if (code.EndsWith(".NotFound", StringComparison.Ordinal))
        {
            return Ec2ErrorKind.NotFound;
        }

        return code.EndsWith("LimitExceeded", StringComparison.Ordinal) || CapacityCodes.Contains(code) ? Ec2ErrorKind.LimitExceeded : Ec2ErrorKind.InvalidRequest;
    }

    public static bool IsRetryable(Ec2ErrorKind kind) => kind is Ec2ErrorKind.Throttled or Ec2ErrorKind.Transient;
}
