using System.Net;
using System.Text;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Tests.Infrastructure;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// The requests the restarter sends, through KubernetesClient, to a loopback stub that answers
/// only the two calls it needs. This checks the request shape (selectors, namespace, which pod is
/// deleted), not a real API server's selector handling: that is for the Kubernetes API emulator.
/// </summary>
public sealed class KubernetesDevicePluginRestarterTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<string> _requests = [];
    private readonly int _port = FreePort.Next();

    public KubernetesDevicePluginRestarterTests()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
    }

    [Fact]
    public async Task Lists_this_nodes_plugin_pods_by_field_and_label_selector_and_deletes_each()
    {
        var serving = ServeAsync("""{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"sriovdp-x7k2p","namespace":"kube-system"}}]}""", requests: 2);
        using var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{_port}" });
        var restarter = new KubernetesDevicePluginRestarter(
            kubernetes,
            new DevicePluginPodSelector("ip-10-0-1-23.ec2.internal", "kube-system", "app=sriovdp"),
            NullLogger<KubernetesDevicePluginRestarter>.Instance);

        await restarter.RestartAsync(TestContext.Current.CancellationToken);
        await serving.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(2, _requests.Count);
        Assert.StartsWith("GET /api/v1/namespaces/kube-system/pods?", _requests[0], StringComparison.Ordinal);
        Assert.Contains("fieldSelector=spec.nodeName%3Dip-10-0-1-23.ec2.internal", _requests[0], StringComparison.Ordinal);
        Assert.Contains("labelSelector=app%3Dsriovdp", _requests[0], StringComparison.Ordinal);
        Assert.Equal("DELETE /api/v1/namespaces/kube-system/pods/sriovdp-x7k2p", _requests[1]);
    }

    public void Dispose() => _listener.Close();

    /// <summary>Answers each request with <paramref name="body"/> (a pod list parses as a pod well enough for a delete).</summary>
    private async Task ServeAsync(string body, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            var context = await _listener.GetContextAsync();
            _requests.Add($"{context.Request.HttpMethod} {context.Request.Url!.PathAndQuery}");
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes, TestContext.Current.CancellationToken);
            context.Response.Close();
        }
    }
}
