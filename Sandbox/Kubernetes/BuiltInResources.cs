namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>The built-in resources every emulated cluster serves from the start.</summary>
internal static class BuiltInResources
{
    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "namespace", "Namespace", false, true, ["ns"]);
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "node", "Node", false, true, ["no"])
    {
        PrinterColumns =
        [
            new("Zone", "string", @".metadata.labels.topology\.kubernetes\.io/zone", "Availability zone"),
            new("Instance-Type", "string", @".metadata.labels.node\.kubernetes\.io/instance-type", "EC2 instance type"),
            new("Provider-ID", "string", ".spec.providerID", "The EC2 instance", Priority: 1),
            new("Age", "date", ".metadata.creationTimestamp", "Time since the node registered"),
        ],
    };
    public static readonly ResourceType Pods = new("", "v1", "pods", "pod", "Pod", true, true, ["po"]);
    public static readonly ResourceType Events = new("", "v1", "events", "event", "Event", true, false, ["ev"])
    {
        NameColumnPriority = 1,
        PrinterColumns =
        [
            new("Last Seen", "date", ".lastTimestamp", "When the event last occurred"),
            new("Type", "string", ".type", "Normal or Warning"),
            new("Reason", "string", ".reason", "Why the event happened"),
            new("Object", "string", ".involvedObject.name", "What the event is about"),
            new("Count", "integer", ".count", "How often it happened", Priority: 1),
            new("Message", "string", ".message", "What happened"),
        ],
    };
    public static readonly ResourceType EventsV1 = new("events.k8s.io", "v1", "events", "event", "Event", true, false, ["ev"]);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, false, []);

    public static readonly ResourceType CustomResourceDefinitions =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, true, ["crd", "crds"]);

    // Workload, configuration and access-control kinds are stored as sent (no controllers run them), so
    // deployment manifests can be applied to an emulated cluster and read back.
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "configmap", "ConfigMap", true, false, ["cm"]);
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "secret", "Secret", true, false, []);
    public static readonly ResourceType ServiceAccounts = new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, false, ["sa"]);
    public static readonly ResourceType Services = new("", "v1", "services", "service", "Service", true, true, ["svc"]);
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "deployment", "Deployment", true, true, ["deploy"]);
    public static readonly ResourceType DaemonSets = new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, true, ["ds"]);
    public static readonly ResourceType StatefulSets = new("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, true, ["sts"]);
    public static readonly ResourceType PodDisruptionBudgets = new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, true, ["pdb"]);
    public static readonly ResourceType NetworkPolicies = new("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, false, ["netpol"]);
    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, false, []);
    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, false, []);
    public static readonly ResourceType ClusterRoles = new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, false, []);
    public static readonly ResourceType ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, false, []);

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, Nodes, Pods, Events, EventsV1, Leases, CustomResourceDefinitions,
        ConfigMaps, Secrets, ServiceAccounts, Services, Deployments, DaemonSets, StatefulSets, PodDisruptionBudgets,
        NetworkPolicies, Roles, RoleBindings, ClusterRoles, ClusterRoleBindings,
        Access.AccessReviews.SelfSubjectAccessReviews, Access.AccessReviews.SelfSubjectReviews, Access.ServiceAccountTokens.TokenReviews,
    ];

    public static IReadOnlyList<string> InitialNamespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];
}
