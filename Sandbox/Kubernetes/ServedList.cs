namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// One list request as a cluster served it: the resource (its plural), the <c>limit</c> asked for (0: none), whether
/// it continued an earlier page, and how many items it returned. Lets a test see how a client pages.
/// </summary>
public sealed record ServedList(string Resource, int Limit, bool Continued, int Items);
