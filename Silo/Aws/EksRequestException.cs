namespace AwsMultiEni.Silo.Aws;

/// <summary>An EKS call that failed: EKS's error code (<c>ResourceNotFoundException</c>, <c>AccessDeniedException</c>, …; <c>NetworkError</c> when EKS did not answer) and message.</summary>
public sealed class EksRequestException(string code, string message, Exception? innerException = null) : Exception($"{code}: {message}", innerException)
{
    public string Code { get; } = code;
}
