using System.Net;
using System.Text.Json;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Silo.Grains.Attachments;
using AwsMultiEni.Silo.Grains.NodeEnis;
using AwsMultiEni.Tests.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>
/// The API server's size limits, which the emulator enforces (etcd's 1.5 MiB per object, 3 MiB per request body),
/// and a NodeENI of 5,000 nodes whose status stays well inside them: at most 1,000 entries, every ENI not attached
/// among them, a summary of the nodes, and a flag that says some were left out.
/// </summary>
public sealed class NodeEniStatusBoundsTests
{
    private const int Nodes = 5000;

    [Fact]
    public async Task The_emulator_refuses_an_object_over_etcds_limit_and_a_body_over_the_api_servers()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        using var api = new EmulatorClient(env[0].Url);
        string ConfigMap(int bytes) => JsonSerializer.Serialize(new { metadata = new { name = $"big-{bytes}" }, data = new { blob = new string('x', bytes) } });

        var fits = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap(1_400_000));
        var tooLarge = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap(1_600_000));
        var tooLong = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ConfigMap(3_200_000));

        Assert.Equal(HttpStatusCode.Created, fits.Code);
        Assert.Equal((HttpStatusCode.InternalServerError, "etcdserver: request is too large"), (tooLarge.Code, (string?)tooLarge.Body["message"]));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "Request entity too large: limit is 3145728"), (tooLong.Code, (string?)tooLong.Body["message"]));
    }

    [Fact]
    public async Task A_5000_node_nodeeni_writes_a_bounded_status_that_lists_every_problem_where_the_full_list_is_refused()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var admin = env.AdminClient(env[0]);
        var writer = env.Connect(env[0]).NodeEniWriter;
        await KubeTestEnvironment.CreateNodeEniAsync(admin, "fleet-wide");
        var attachments = Enumerable.Range(0, Nodes).Select(Attachment).ToList();
        var views = attachments.Select(a => new AttachmentView([a], null, Released: false, Ready: a.Status == "attached", Wanted: true, AsOf: DateTimeOffset.UnixEpoch)).ToList();
        var summary = StatusAttachments.Summarize(views, unservedNodes: 3);
        var cancellation = TestContext.Current.CancellationToken;

        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => writer.UpdateStatusAsync("fleet-wide", current => new NodeEniStatus { Attachments = attachments }, cancellation));
        // The CRD's schema refuses it first (maxItems); without that, etcd would (the test above).
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        Assert.Contains("must have at most 1000 items", refused.Response.Content, StringComparison.Ordinal);
        var written = await writer.UpdateStatusAsync("fleet-wide", current => ReadyCondition.Status(current, 1, attachments, summary, [], converged: false, DateTimeOffset.UnixEpoch), cancellation);

        var status = written!.Status!;
        Assert.Equal((Nodes, NodeEniStatus.AttachmentLimit, true), (status.AttachmentCount, status.Attachments!.Count, status.AttachmentsTruncated));
        Assert.Equal(attachments.Where(a => a.Status != "attached").Select(a => a.EniId).Order(StringComparer.Ordinal), status.Attachments.Where(a => a.Status != "attached").Select(a => a.EniId).Order(StringComparer.Ordinal));
        Assert.Equal(status.Attachments.OrderBy(a => a.NodeId, StringComparer.Ordinal).Select(a => a.NodeId), status.Attachments.Select(a => a.NodeId));
        Assert.Equal(new AttachmentSummary { Desired = Nodes + 3, Attached = Nodes - 50, Failed = 3, Progressing = 50 }, status.Summary);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(written, NodeEniJson.Options).Length;
        Assert.True(bytes <= 768 * 1024, $"The 5,000-node NodeENI takes {bytes} bytes as the API serves it.");
    }

    [Fact]
    public void A_nodeeni_within_the_limit_lists_every_eni_as_before_and_says_nothing_is_left_out()
    {
        var attachments = Enumerable.Range(0, NodeEniStatus.AttachmentLimit).Select(Attachment).Reverse().ToList();

        var (listed, truncated) = StatusAttachments.Bound(attachments);

        Assert.False(truncated);
        Assert.Equal(attachments.Select(a => a.NodeId).Order(StringComparer.Ordinal), listed.Select(a => a.NodeId));
    }

    /// <summary>Node i's ENI, as a full status entry with its agent's report; one in a hundred is still attaching, its agent's error as long as status allows.</summary>
    internal static EniAttachmentStatus Attachment(int i) => new()
    {
        NodeId = $"ip-10-0-{i / 250}-{i % 250}.eu-west-1.compute.internal",
        InstanceId = $"i-{i:x17}",
        EniId = $"eni-{i:x17}",
        AttachmentId = $"eni-attach-{i:x17}",
        SubnetId = "subnet-0a1b2c3d4e5f60001",
        SubnetCidr = "10.0.64.0/18",
        DeviceIndex = 1,
        Status = i % 100 == 7 ? "attaching" : "attached",
        LastUpdated = DateTimeOffset.UnixEpoch.AddSeconds(i),
        Mtu = 9001,
        InterfaceName = "multus0",
        InterfaceUp = true,
        InterfaceMtu = 9001,
        InterfaceError = i % 100 == 7 ? new string('e', EniAttachmentStatus.MaxInterfaceErrorLength) : null,
    };
}
