namespace AwsMultiEni.Agent.Sriov;

/// <summary>Which pod is this node's SR-IOV device plugin.</summary>
public sealed record DevicePluginPodSelector(string NodeName, string Namespace = "kube-system", string LabelSelector = "app=sriovdp");
