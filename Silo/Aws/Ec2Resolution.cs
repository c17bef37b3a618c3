namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// What a list of references (IDs or names) resolved to, and which references matched nothing,
/// so the caller can name them in a status condition.
/// </summary>
public sealed record Ec2Resolution<T>(IReadOnlyList<T> Found, IReadOnlyList<string> Unresolved);
