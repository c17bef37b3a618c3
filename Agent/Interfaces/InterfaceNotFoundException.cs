namespace AwsMultiEni.Agent.Interfaces;

/// <summary>No single interface carries the ENI's MAC address.</summary>
public sealed class InterfaceNotFoundException(string message) : Exception(message);
