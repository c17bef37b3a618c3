namespace AwsMultiEni.Abstractions.Security;

/// <summary>
/// Marks a grain method that changes nothing in the fleet, so the read-only <c>dashboard</c> role may call it.
/// Unlike Orleans' own <c>[ReadOnly]</c>, it does not change how calls interleave: it is only a permission.
/// Subscribing an observer to pushes counts as reading.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ReadCallAttribute : Attribute;
