using AwsMultiEni.Security;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Tests.Security;

/// <summary>Tokens a cluster's TokenRequest mints, as a projected volume or <c>kubectl create token</c> would hold them.</summary>
internal static class ServiceAccountTokens
{
    public const string AgentNamespace = "awsmultieni-node";
    public const string AgentAccount = "awsmultieni-agent";

    /// <summary>A token of ServiceAccount <paramref name="ns"/>/<paramref name="account"/>, bound to <paramref name="pod"/> when named.</summary>
    public static async Task<string> MintAsync(IKubernetes admin, string ns, string account, string audience = CallerToken.Audience, string? pod = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                Audiences = [audience],
                ExpirationSeconds = 3600,
                BoundObjectRef = pod is null ? null : new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod },
            },
        };
        var answer = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, account, ns, cancellationToken: TestContext.Current.CancellationToken);
        return answer.Status.Token;
    }

    /// <summary>An agent pod on <paramref name="node"/>, and a token bound to it, as the agent's projected volume holds.</summary>
    public static async Task<(string Pod, string Token)> ForAgentPodAsync(IKubernetes admin, string node)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var pod = $"awsmultieni-agent-{Guid.NewGuid().ToString("N")[..5]}";
        await admin.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = pod },
                Spec = new V1PodSpec { NodeName = node, ServiceAccountName = AgentAccount, Containers = [new V1Container { Name = "agent", Image = "awsmultieni/agent" }] },
            },
            AgentNamespace,
            cancellationToken: TestContext.Current.CancellationToken);
        return (pod, await MintAsync(admin, AgentNamespace, AgentAccount, pod: pod));
    }
}
