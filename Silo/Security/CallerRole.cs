namespace AwsMultiEni.Silo.Security;

/// <summary>What a caller of the fleet may do.</summary>
public enum CallerRole
{
    /// <summary>Nothing: every call is refused.</summary>
    None,

    /// <summary>Its own node's <c>INodeGrain</c>, nothing else.</summary>
    Agent,

    /// <summary>Methods marked <c>[ReadCall]</c>.</summary>
    Dashboard,

    /// <summary>Everything.</summary>
    Admin,
}
