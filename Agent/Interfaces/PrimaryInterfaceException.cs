namespace AwsMultiEni.Agent.Interfaces;

/// <summary>The desired set names the node's primary interface, which the agent never changes: the node would go off the network.</summary>
public sealed class PrimaryInterfaceException(string message) : Exception(message);
