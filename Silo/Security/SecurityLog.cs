using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Security;

/// <summary>What the silo decides about callers. Tokens are never logged, only the first characters of their SHA-256.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 5601, Level = LogLevel.Information, Message = "Token {TokenHash} reviewed by cluster {Cluster}: user {User}")]
    public static partial void Reviewed(ILogger logger, string tokenHash, string cluster, string? user);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Warning, Message = "Token {TokenHash} not accepted by cluster {Cluster}: {Error}")]
    public static partial void NotAccepted(ILogger logger, string tokenHash, string cluster, string? error);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Warning, Message = "Refused {Method} on {Grain} for role {Role}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string grain, string role, string reason);
}
