namespace AwsMultiEni.Agent.Sriov;

/// <summary>Which pod is this node's SR-IOV device plugin.</summary>
public sealed record DevicePluginPodSelector
{
    public DevicePluginPodSelector(string nodeName, string @namespace = "kube-system", string labelSelector = "app=sriovdp")
    {
        if (ProblemWith(labelSelector) is { } problem)
        {
            throw new ArgumentException(problem, nameof(labelSelector));
        }

        (NodeName, Namespace, LabelSelector) = (nodeName, @namespace, labelSelector);
    }

    public string NodeName { get; }

    public string Namespace { get; }

    public string LabelSelector { get; }

    /// <summary>
    /// Why a label selector cannot name the plugin's pods, or null. The restart deletes every pod on the node that the
    /// selector matches: an empty one, or one made only of existence and inequality terms, matches the node's other
    /// system pods too (the VPC CNI, kube-proxy), so at least one <c>key=value</c> term is required.
    /// </summary>
    public static string? ProblemWith(string? labelSelector)
    {
        var terms = (labelSelector ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var pinned = terms.Any(t => !t.Contains("!=", StringComparison.Ordinal)
            && t.Split("=", 2) is [{ Length: > 0 } key, { } value] && key.Trim().Length > 0 && value.TrimStart('=').Trim().Length > 0);
        return pinned
            ? null
            : $"The device plugin label selector '{labelSelector}' would match other pods on the node, which the plugin restart deletes: give at least one key=value term (for example app=sriovdp).";
    }
}
