namespace AwsMultiEni.Agent.Pci;

/// <summary>A device could not be moved to the wanted driver; the message says where it is instead.</summary>
public sealed class PciBindingException(string message) : Exception(message);
