using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Security;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>
/// The emulator's TokenRequest and TokenReview, as the real kubectl and the silo's own TokenReview port use them: tokens
/// bound to a pod carry it and its node, and stop being accepted once the pod is gone; both are held to RBAC.
/// </summary>
public sealed class ServiceAccountTokenTests
{
    private const string Namespace = "awsmultieni-node";
    private const string Account = "awsmultieni-agent";

    [Fact]
    public async Task Kubectl_create_token_mints_a_token_that_the_silo_reviews_as_the_agent_for_its_audience_only()
    {
        await using var env = await KubeTestEnvironment.StartAsync(clusters: 2, installCrd: false);
        var admin = new Kubectl(env[0].KubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache-admin"));
        var agent = new Kubectl(ClusterSeeder.AllowAgent(env[0]), Path.Combine(env.StateDir, "kubectl-cache-agent"));
        await using var reviewer = Reviewer(env, 0);
        await using var other = Reviewer(env, 1);
        var forbidden = await Assert.ThrowsAnyAsync<Exception>(() => Review(reviewer, "x"));
        ClusterSeeder.AllowSilo(env[0]);

        var token = (await admin.RunAsync("create", "token", Account, "-n", Namespace, "--audience", CallerToken.Audience)).Succeeded().Output.Trim();
        var accepted = await Review(reviewer, token);
        var otherAudience = await reviewer.TokenReviews.ReviewAsync(token, ["https://kubernetes.default.svc"], TestContext.Current.CancellationToken);
        ClusterSeeder.AllowSilo(env[1]);
        var otherCluster = await Review(other, token);
        var agentMints = await agent.RunAsync("create", "token", Account, "-n", Namespace);

        Assert.Contains("tokenreviews", forbidden.Message, StringComparison.Ordinal);
        Assert.Equal((true, $"system:serviceaccount:{Namespace}:{Account}", null), (accepted.Authenticated, accepted.User, accepted.Node));
        Assert.Contains($"system:serviceaccounts:{Namespace}", accepted.Groups);
        Assert.False(otherAudience.Authenticated);
        Assert.Contains("audiences", otherAudience.Error, StringComparison.Ordinal);
        Assert.False(otherCluster.Authenticated);
        Assert.Contains("cannot create resource \"serviceaccounts/token\"", agentMints.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_bound_to_a_pod_names_its_node_until_the_pod_is_deleted()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var node = KubeTestEnvironment.AddNodes(env[0], 1).Single();
        ClusterSeeder.AllowAgent(env[0]);
        ClusterSeeder.AllowSilo(env[0]);
        var client = env.AdminClient(env[0]);
        var pod = await client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "agent-1" }, Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "agent", Image = "agent" }] } },
            Namespace,
            cancellationToken: TestContext.Current.CancellationToken);
        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = [CallerToken.Audience], BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = "agent-1" } },
        };
        var token = (await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, Account, Namespace, cancellationToken: TestContext.Current.CancellationToken)).Status.Token;

        await using var reviewer = Reviewer(env, 0);
        var bound = await Review(reviewer, token);
        await client.CoreV1.DeleteNamespacedPodAsync("agent-1", Namespace, cancellationToken: TestContext.Current.CancellationToken);
        var afterDelete = await Review(reviewer, token);

        Assert.True(bound.Authenticated);
        Assert.Equal(node, bound.Node);
        Assert.Equal(["agent-1"], bound.Extra["authentication.kubernetes.io/pod-name"]);
        Assert.Equal([pod.Metadata.Uid], bound.Extra["authentication.kubernetes.io/pod-uid"]);
        Assert.False(afterDelete.Authenticated);
        Assert.Contains("agent-1", afterDelete.Error, StringComparison.Ordinal);
    }

    /// <summary>The silo's TokenReview port, as the silo identity (held to the cluster's RBAC).</summary>
    private static ClusterConnection Reviewer(KubeTestEnvironment env, int cluster) =>
        ClusterConnection.Create(new ClusterConnectionSettings(env[cluster].Name) { KubeconfigPath = env[cluster].SiloKubeconfigPath }, KubeTestEnvironment.FastWatch, env.KubernetesMetrics, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    private static Task<TokenReviewAnswer> Review(IClusterConnection connection, string token) =>
        connection.TokenReviews.ReviewAsync(token, [CallerToken.Audience], TestContext.Current.CancellationToken);
}
