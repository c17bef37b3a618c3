namespace AwsMultiEni.Sandbox.Kubernetes.Access;

/// <summary>Who a request is, as the API server's authenticators report it: a user name and its groups.</summary>
internal sealed record Identity(string User, IReadOnlyList<string> Groups)
{
    public const string Masters = "system:masters";

    /// <summary>The person at the keyboard and the emulator's own clients: unrestricted, as a cluster admin is.</summary>
    public static Identity Admin { get; } = new("sandbox-admin", [Masters, "system:authenticated"]);

    /// <summary>The silo set, as the EKS access entry maps its IAM role: a user in the group its ClusterRole is bound to.</summary>
    public static Identity Silo { get; } = new("awsmultieni-silo", ["awsmultieni:silo", "system:authenticated"]);

    /// <summary>The node agent: its DaemonSet's ServiceAccount.</summary>
    public static Identity Agent { get; } = ServiceAccount("awsmultieni-node", "awsmultieni-agent");

    public bool IsAdmin => Groups.Contains(Masters);

    public static Identity ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);
}
