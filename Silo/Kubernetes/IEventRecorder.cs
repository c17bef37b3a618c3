namespace AwsMultiEni.Silo.Kubernetes;

public enum EventSeverity
{
    Normal,
    Warning,
}

/// <summary>The object an Event is about.</summary>
public sealed record EventSubject(string ApiVersion, string Kind, string Name, string? Uid, string? Namespace = null);

/// <summary>
/// Records Kubernetes Events with UpperCamelCase reasons (<c>ENIAttached</c>,
/// <c>ENICreationFailed</c>, <c>SubnetNotFound</c>); any other reason is an ArgumentException.
/// A repeat of the same event bumps its count instead of creating another. Recording is best
/// effort: API failures are logged, not thrown.
/// </summary>
public interface IEventRecorder
{
    Task RecordAsync(EventSubject subject, EventSeverity severity, string reason, string message, CancellationToken cancellationToken);
}
