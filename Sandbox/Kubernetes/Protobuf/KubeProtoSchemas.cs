namespace AwsMultiEni.Sandbox.Kubernetes.Protobuf;

/// <summary>
/// The protobuf messages of the built-in kinds whose writes clients send as protobuf: the ones kubectl's typed
/// commands create (namespaces, config maps, secrets, service accounts, RBAC) and helm keeps its releases in, the
/// DeleteOptions of a typed delete, and the reviews of <c>kubectl auth can-i</c> and <c>whoami</c>. Field numbers are those of Kubernetes' generated.proto files.
/// </summary>
internal static class KubeProtoSchemas
{
    private static readonly ProtoMessage OwnerReference = Message(
        "OwnerReference",
        (1, new("kind", ProtoType.String)),
        (3, new("name", ProtoType.String)),
        (4, new("uid", ProtoType.String)),
        (5, new("apiVersion", ProtoType.String)),
        (6, new("controller", ProtoType.Bool, KeepZero: true)),
        (7, new("blockOwnerDeletion", ProtoType.Bool, KeepZero: true)));

    private static readonly ProtoMessage ManagedFieldsEntry = Message(
        "ManagedFieldsEntry",
        (1, new("manager", ProtoType.String)),
        (2, new("operation", ProtoType.String)),
        (3, new("apiVersion", ProtoType.String)),
        (4, new("time", ProtoType.Time)),
        (6, new("fieldsType", ProtoType.String)),
        (7, new("fieldsV1", ProtoType.FieldsV1)),
        (8, new("subresource", ProtoType.String)));

    private static readonly ProtoMessage ObjectMeta = Message(
        "ObjectMeta",
        (1, new("name", ProtoType.String)),
        (2, new("generateName", ProtoType.String)),
        (3, new("namespace", ProtoType.String)),
        (4, new("selfLink", ProtoType.String)),
        (5, new("uid", ProtoType.String)),
        (6, new("resourceVersion", ProtoType.String)),
        (7, new("generation", ProtoType.Int64)),
        (8, new("creationTimestamp", ProtoType.Time)),
        (9, new("deletionTimestamp", ProtoType.Time)),
        (10, new("deletionGracePeriodSeconds", ProtoType.Int64, KeepZero: true)),
        (11, new("labels", ProtoType.StringMap)),
        (12, new("annotations", ProtoType.StringMap)),
        (13, new("ownerReferences", ProtoType.Message, Repeated: true, Message: OwnerReference)),
        (14, new("finalizers", ProtoType.String, Repeated: true)),
        (17, new("managedFields", ProtoType.Message, Repeated: true, Message: ManagedFieldsEntry)));

    private static readonly ProtoField Metadata = new("metadata", ProtoType.Message, Message: ObjectMeta);

    private static readonly ProtoMessage NamespaceCondition = Message(
        "NamespaceCondition",
        (1, new("type", ProtoType.String)),
        (2, new("status", ProtoType.String)),
        (4, new("lastTransitionTime", ProtoType.Time)),
        (5, new("reason", ProtoType.String)),
        (6, new("message", ProtoType.String)));

    private static readonly ProtoMessage Namespace = Message(
        "Namespace",
        (1, Metadata),
        (2, new("spec", ProtoType.Message, Message: Message("NamespaceSpec", (1, new("finalizers", ProtoType.String, Repeated: true))))),
        (3, new("status", ProtoType.Message, Message: Message(
            "NamespaceStatus",
            (1, new("phase", ProtoType.String)),
            (2, new("conditions", ProtoType.Message, Repeated: true, Message: NamespaceCondition))))));

    private static readonly ProtoMessage ConfigMap = Message(
        "ConfigMap",
        (1, Metadata),
        (2, new("data", ProtoType.StringMap)),
        (3, new("binaryData", ProtoType.BytesMap)),
        (4, new("immutable", ProtoType.Bool, KeepZero: true)));

    private static readonly ProtoMessage Secret = Message(
        "Secret",
        (1, Metadata),
        (2, new("data", ProtoType.BytesMap)),
        (3, new("type", ProtoType.String)),
        (4, new("stringData", ProtoType.StringMap)),
        (5, new("immutable", ProtoType.Bool, KeepZero: true)));

    private static readonly ProtoMessage ServiceAccount = Message(
        "ServiceAccount",
        (1, Metadata),
        (2, new("secrets", ProtoType.Message, Repeated: true, Message: Message(
            "ObjectReference",
            (1, new("kind", ProtoType.String)),
            (2, new("namespace", ProtoType.String)),
            (3, new("name", ProtoType.String)),
            (4, new("uid", ProtoType.String)),
            (5, new("apiVersion", ProtoType.String)),
            (6, new("resourceVersion", ProtoType.String)),
            (7, new("fieldPath", ProtoType.String))))),
        (3, new("imagePullSecrets", ProtoType.Message, Repeated: true, Message: Message("LocalObjectReference", (1, new("name", ProtoType.String))))),
        (4, new("automountServiceAccountToken", ProtoType.Bool, KeepZero: true)));

    private static readonly ProtoMessage PolicyRule = Message(
        "PolicyRule",
        (1, new("verbs", ProtoType.String, Repeated: true)),
        (2, new("apiGroups", ProtoType.String, Repeated: true)),
        (3, new("resources", ProtoType.String, Repeated: true)),
        (4, new("resourceNames", ProtoType.String, Repeated: true)),
        (5, new("nonResourceURLs", ProtoType.String, Repeated: true)));

    private static readonly ProtoMessage LabelSelector = Message(
        "LabelSelector",
        (1, new("matchLabels", ProtoType.StringMap)),
        (2, new("matchExpressions", ProtoType.Message, Repeated: true, Message: Message(
            "LabelSelectorRequirement",
            (1, new("key", ProtoType.String)),
            (2, new("operator", ProtoType.String)),
            (3, new("values", ProtoType.String, Repeated: true))))));

    private static readonly ProtoField Rules = new("rules", ProtoType.Message, Repeated: true, Message: PolicyRule);

    private static readonly ProtoMessage Role = Message("Role", (1, Metadata), (2, Rules));

    private static readonly ProtoMessage ClusterRole = Message(
        "ClusterRole",
        (1, Metadata),
        (2, Rules),
        (3, new("aggregationRule", ProtoType.Message, Message: Message(
            "AggregationRule",
            (1, new("clusterRoleSelectors", ProtoType.Message, Repeated: true, Message: LabelSelector))))));

    private static readonly ProtoMessage Binding = Message(
        "RoleBinding",
        (1, Metadata),
        (2, new("subjects", ProtoType.Message, Repeated: true, Message: Message(
            "Subject",
            (1, new("kind", ProtoType.String)),
            (2, new("apiGroup", ProtoType.String)),
            (3, new("name", ProtoType.String)),
            (4, new("namespace", ProtoType.String))))),
        (3, new("roleRef", ProtoType.Message, Message: Message(
            "RoleRef",
            (1, new("apiGroup", ProtoType.String)),
            (2, new("kind", ProtoType.String)),
            (3, new("name", ProtoType.String))))));

    private static readonly ProtoMessage DeleteOptions = Message(
        "DeleteOptions",
        (1, new("gracePeriodSeconds", ProtoType.Int64, KeepZero: true)),
        (2, new("preconditions", ProtoType.Message, Message: Message(
            "Preconditions",
            (1, new("uid", ProtoType.String, KeepZero: true)),
            (2, new("resourceVersion", ProtoType.String, KeepZero: true))))),
        (3, new("orphanDependents", ProtoType.Bool, KeepZero: true)),
        (4, new("propagationPolicy", ProtoType.String, KeepZero: true)),
        (5, new("dryRun", ProtoType.String, Repeated: true)));

    private static readonly ProtoMessage SelfSubjectAccessReview = Message(
        "SelfSubjectAccessReview",
        (1, Metadata),
        (2, new("spec", ProtoType.Message, Message: Message(
            "SelfSubjectAccessReviewSpec",
            (1, new("resourceAttributes", ProtoType.Message, Message: Message(
                "ResourceAttributes",
                (1, new("namespace", ProtoType.String)),
                (2, new("verb", ProtoType.String)),
                (3, new("group", ProtoType.String)),
                (4, new("version", ProtoType.String)),
                (5, new("resource", ProtoType.String)),
                (6, new("subresource", ProtoType.String)),
                (7, new("name", ProtoType.String))))),
            (2, new("nonResourceAttributes", ProtoType.Message, Message: Message(
                "NonResourceAttributes",
                (1, new("path", ProtoType.String)),
                (2, new("verb", ProtoType.String)))))))));

    private static readonly ProtoMessage SelfSubjectReview = Message("SelfSubjectReview", (1, Metadata));

    private static readonly ProtoMessage TokenRequest = Message(
        "TokenRequest",
        (1, Metadata),
        (2, new("spec", ProtoType.Message, Message: Message(
            "TokenRequestSpec",
            (1, new("audiences", ProtoType.String, Repeated: true)),
            (3, new("boundObjectRef", ProtoType.Message, Message: Message(
                "BoundObjectReference",
                (1, new("kind", ProtoType.String)),
                (2, new("apiVersion", ProtoType.String)),
                (3, new("name", ProtoType.String)),
                (4, new("uid", ProtoType.String))))),
            (4, new("expirationSeconds", ProtoType.Int64))))));

    /// <summary>Messages by the <c>apiVersion</c> and <c>kind</c> of the envelope that carries them.</summary>
    public static IReadOnlyDictionary<(string ApiVersion, string Kind), ProtoMessage> ByKind { get; } = new Dictionary<(string, string), ProtoMessage>
    {
        [("v1", "Namespace")] = Namespace,
        [("v1", "ConfigMap")] = ConfigMap,
        [("v1", "Secret")] = Secret,
        [("v1", "ServiceAccount")] = ServiceAccount,
        [("rbac.authorization.k8s.io/v1", "Role")] = Role,
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = ClusterRole,
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = Binding,
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = Binding,
        // A typed delete sends its options in the group-version of the object, or in meta.k8s.io/v1.
        [("v1", "DeleteOptions")] = DeleteOptions,
        [("meta.k8s.io/v1", "DeleteOptions")] = DeleteOptions,
        [("rbac.authorization.k8s.io/v1", "DeleteOptions")] = DeleteOptions,
        // kubectl auth can-i and kubectl auth whoami.
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = SelfSubjectAccessReview,
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = SelfSubjectReview,
        // kubectl create token.
        [("authentication.k8s.io/v1", "TokenRequest")] = TokenRequest,
    };

    private static ProtoMessage Message(string name, params (int Number, ProtoField Field)[] fields) =>
        new(name, fields.ToDictionary(f => f.Number, f => f.Field));
}
