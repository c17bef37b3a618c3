using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Sandbox.Kubernetes.Apply;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>Server-side apply's bookkeeping, at the clock's edge that kubectl cannot reach: later times and list items.</summary>
public sealed class ServerSideApplyTests
{
    private static readonly JsonObject Applied = JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","labels":{"app":"agent"}},
         "spec":{"template":{"spec":{"containers":[{"name":"agent","image":"a:1","securityContext":{"runAsUser":0,"capabilities":{"drop":["ALL"]}}}]}}}}
        """)!.AsObject();

    [Fact]
    public void Applying_the_same_configuration_later_changes_nothing_not_even_the_managers_time()
    {
        var first = ServerSideApply.Apply(BuiltInResources.DaemonSets, "agent", null, Copy(Applied), "helm", force: false, "2026-01-01T00:00:00Z");
        var again = ServerSideApply.Apply(BuiltInResources.DaemonSets, "agent", first, Copy(Applied), "helm", force: false, "2026-01-01T00:05:00Z");

        Assert.True(JsonNode.DeepEquals(first, again), again.ToJsonString());
        Assert.Equal("2026-01-01T00:00:00Z", (string?)again["metadata"]!["managedFields"]![0]!["time"]);
    }

    [Fact]
    public void A_container_field_no_longer_applied_goes_and_the_item_stays_while_it_is_applied()
    {
        var first = ServerSideApply.Apply(BuiltInResources.DaemonSets, "agent", null, Copy(Applied), "helm", force: false, "2026-01-01T00:00:00Z");
        var privileged = Copy(Applied);
        privileged["spec"]!["template"]!["spec"]!["containers"]![0]!["securityContext"] = new JsonObject { ["runAsUser"] = 0, ["privileged"] = true };

        var next = ServerSideApply.Apply(BuiltInResources.DaemonSets, "agent", first, privileged, "helm", force: false, "2026-01-01T00:01:00Z");

        var container = next["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
        Assert.Equal("""{"runAsUser":0,"privileged":true}""", container["securityContext"]!.ToJsonString());
        Assert.Equal("a:1", (string?)container["image"]);
        var fields = next["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"agent\"}"]!;
        Assert.Equal(["."], fields["f:securityContext"]!.AsObject().Where(p => p.Key == ".").Select(p => p.Key));
        Assert.Null(fields["f:securityContext"]!["f:capabilities"]);
    }

    private static JsonObject Copy(JsonObject obj) => (JsonObject)obj.DeepClone();
}
