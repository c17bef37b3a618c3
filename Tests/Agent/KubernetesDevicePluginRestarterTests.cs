using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Sandbox.Seeding;
using AwsMultiEni.Tests.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The restarter against the Kubernetes API emulator, as the agent's ServiceAccount held to <c>deploy/cluster</c>'s
/// namespace, ServiceAccount and Role (as the Sandbox's agents run with <c>--least-privilege</c>): of several device
/// plugin pods, only the one on this node goes, other pods on this node are left alone, and RBAC refused nothing.
/// </summary>
public sealed class KubernetesDevicePluginRestarterTests : IAsyncLifetime
{
    private const string ThisNode = "ip-10-0-1-23.ec2.internal";
    private const string PluginNamespace = "kube-system";
    private KubeTestEnvironment _kube = null!;

    public async ValueTask InitializeAsync() => _kube = await KubeTestEnvironment.StartAsync(installCrd: false);

    [Fact]
    public async Task Deletes_only_this_nodes_plugin_pod()
    {
        var admin = _kube.AdminClient(_kube[0]);
        var token = TestContext.Current.CancellationToken;
        await CreatePodAsync(admin, "sriovdp-here", ThisNode, "sriovdp", token);
        await CreatePodAsync(admin, "sriovdp-there", "ip-10-0-2-42.ec2.internal", "sriovdp", token);
        await CreatePodAsync(admin, "other-here", ThisNode, "something-else", token);
        using var agent = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(ClusterSeeder.AllowAgent(_kube[0])));
        var restarter = new KubernetesDevicePluginRestarter(
            agent,
            new DevicePluginPodSelector(ThisNode, PluginNamespace, "app=sriovdp"),
            NullLogger<KubernetesDevicePluginRestarter>.Instance);

        await restarter.RestartAsync(token);

        var left = await admin.CoreV1.ListNamespacedPodAsync(PluginNamespace, cancellationToken: token);
        Assert.Equal(["other-here", "sriovdp-there"], left.Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Empty(_kube[0].Denials);
    }

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _kube?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static Task<V1Pod> CreatePodAsync(IKubernetes client, string name, string node, string app, CancellationToken token) =>
        client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
                Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "registry.invalid/sriovdp:1" }] },
            },
            PluginNamespace,
            cancellationToken: token);
}
