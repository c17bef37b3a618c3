namespace AwsMultiEni.Ipam;

/// <summary>A failure the plugin reports to the runtime as CNI's error result, with its code.</summary>
internal sealed class CniException(int code, string message, string? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string? Details { get; } = details;
}

/// <summary>CNI's well-known error codes (spec section 5, "Error"), and the plugin's own from 100.</summary>
internal static class CniErrorCode
{
    public const int IncompatibleVersion = 1;
    public const int InvalidEnvironment = 4;
    public const int IoFailure = 5;
    public const int DecodingFailure = 6;
    public const int InvalidNetworkConfig = 7;
    public const int TryAgainLater = 11;
    public const int NotAvailable = 50;

    /// <summary>The agent's ranges file cannot be read as the contract says.</summary>
    public const int InvalidRangesFile = 100;

    /// <summary>CHECK: the attachment holds no address in the store.</summary>
    public const int NoReservation = 101;

    /// <summary>CHECK: the attachment's address is not the one the runtime was given, or is in no range any more.</summary>
    public const int ReservationMismatch = 102;
}
