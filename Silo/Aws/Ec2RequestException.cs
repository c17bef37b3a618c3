namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// An EC2 call that failed for good: a terminal error, or a retryable one after the gateway's retries ran out.
/// <see cref="AwsMessage"/> is EC2's own message, kept verbatim for the status condition.
/// </summary>
public sealed class Ec2RequestException : Exception
{
    public Ec2RequestException(string action, string errorCode, Ec2ErrorKind kind, string awsMessage, int attempts, Exception? innerException)
        : base($"EC2 {action} failed with {errorCode} after {attempts} attempt(s): {awsMessage}", innerException)
    {
        Action = action;
        ErrorCode = errorCode;
        Kind = kind;
        AwsMessage = awsMessage;
        Attempts = attempts;
    }

    public string Action { get; }

    public string ErrorCode { get; }

    public Ec2ErrorKind Kind { get; }

    public string AwsMessage { get; }

    public int Attempts { get; }
}
