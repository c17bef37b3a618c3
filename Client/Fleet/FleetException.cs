namespace AwsMultiEni.Client.Fleet;

/// <summary>The fleet could not do what was asked: <see cref="Kind"/> says why in one word, the message in a sentence.</summary>
public sealed class FleetException : Exception
{
    public FleetException(FleetErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public FleetException()
    {
    }

    public FleetException(string message)
        : base(message)
    {
    }

    public FleetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FleetErrorKind Kind { get; } = FleetErrorKind.Refused;
}

public enum FleetErrorKind
{
    /// <summary>The cluster, NodeENI, attachment or node does not exist in the fleet.</summary>
    NotFound,

    /// <summary>The fleet answered and said no (bad settings, a cluster not registered, the cluster's API refused).</summary>
    Refused,

    /// <summary>No silo answered in time.</summary>
    Unavailable,
}
