namespace AwsMultiEni.Agent.Sriov;

/// <param name="Changed">The file was rewritten: the plugin must restart to read it.</param>
/// <param name="Owned">The resources (<c>prefix/name</c>) the agent owns in the file now.</param>
/// <param name="Conflicts">Wanted resources whose name a foreign entry already uses.</param>
public sealed record SriovMergeResult(bool Changed, IReadOnlyList<string> Owned, IReadOnlyList<string> Conflicts);
