using System.Net;
using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Kubernetes;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>The emulator's API semantics at the wire: generation, preconditions, patches, selectors, watches, errors.</summary>
public sealed class EmulatorApiTests
{
    private const string NodeEnis = "/apis/networking.k8s.aws/v1alpha1/nodeenis";

    [Fact]
    public async Task Spec_changes_bump_generation_while_status_and_label_changes_do_not()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        using var api = new EmulatorClient(env[0].Url);
        await api.OkAsync(HttpMethod.Post, NodeEnis, KubeTestEnvironment.NodeEniManifest("gen").ToJsonString());

        var labelled = await api.OkAsync(HttpMethod.Patch, $"{NodeEnis}/gen", """{"metadata":{"labels":{"team":"net"}}}""", "application/merge-patch+json");
        var statusViaMain = await api.OkAsync(HttpMethod.Patch, $"{NodeEnis}/gen", """{"status":{"observedGeneration":7}}""", "application/merge-patch+json");
        var status = await api.OkAsync(HttpMethod.Patch, $"{NodeEnis}/gen/status", """{"status":{"observedGeneration":1},"spec":{"mtu":1500}}""", "application/merge-patch+json");
        var spec = await api.OkAsync(HttpMethod.Patch, $"{NodeEnis}/gen", """{"spec":{"mtu":9001}}""", "application/merge-patch+json");

        Assert.Equal(1, (long)labelled["metadata"]!["generation"]!);
        Assert.Null(statusViaMain["status"]);
        Assert.Equal((1L, 1L), ((long)status["metadata"]!["generation"]!, (long)status["status"]!["observedGeneration"]!));
        Assert.Null(status["spec"]!["mtu"]);
        Assert.Equal(2, (long)spec["metadata"]!["generation"]!);
        Assert.Equal(1, (long)spec["status"]!["observedGeneration"]!);
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_a_409_Conflict_in_Status_shape()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        using var api = new EmulatorClient(env[0].Url);
        var created = await api.OkAsync(HttpMethod.Post, NodeEnis, KubeTestEnvironment.NodeEniManifest("stale").ToJsonString());
        await api.OkAsync(HttpMethod.Patch, $"{NodeEnis}/stale", """{"spec":{"mtu":1500}}""", "application/merge-patch+json");

        created["spec"]!["mtu"] = 9001;
        var (code, body) = await api.SendAsync(HttpMethod.Put, $"{NodeEnis}/stale", created.ToJsonString());
        var (preconditionCode, _) = await api.SendAsync(HttpMethod.Patch, $"{NodeEnis}/stale", $$$"""{"metadata":{"resourceVersion":"{{{created["metadata"]!["resourceVersion"]}}}"},"spec":{"mtu":1}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal(("Status", "Failure", "Conflict", 409), ((string?)body["kind"], (string?)body["status"], (string?)body["reason"], (int)body["code"]!));
        Assert.Contains("the object has been modified", (string?)body["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, preconditionCode);
    }

    [Fact]
    public async Task Invalid_objects_get_422_with_causes_naming_each_field()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        using var api = new EmulatorClient(env[0].Url);
        var bad = KubeTestEnvironment.NodeEniManifest("bad");
        bad["spec"]!["mtu"] = 10;
        bad["spec"]!["dpdkPCIAddress"] = "zz";

        var (code, body) = await api.SendAsync(HttpMethod.Post, NodeEnis, bad.ToJsonString());

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Invalid"), (code, (string?)body["reason"]));
        var fields = body["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]).Order(StringComparer.Ordinal);
        Assert.Equal(["spec.dpdkPCIAddress", "spec.mtu"], fields);
        Assert.Equal(("bad", "networking.k8s.aws", "NodeENI"), ((string?)body["details"]!["name"], (string?)body["details"]!["group"], (string?)body["details"]!["kind"]));
    }

    [Fact]
    public async Task Watch_replays_from_a_resourceVersion_sends_bookmarks_and_answers_410_after_compaction()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        using var api = new EmulatorClient(env[0].Url);
        var first = await api.OkAsync(HttpMethod.Post, NodeEnis, KubeTestEnvironment.NodeEniManifest("w1").ToJsonString());
        var since = (string)first["metadata"]!["resourceVersion"]!;
        await api.OkAsync(HttpMethod.Post, NodeEnis, KubeTestEnvironment.NodeEniManifest("w2").ToJsonString());
        await api.OkAsync(HttpMethod.Delete, $"{NodeEnis}/w1");

        var replay = await api.WatchAsync($"{NodeEnis}?watch=true&allowWatchBookmarks=true&resourceVersion={since}", e => e.Count >= 3);
        env[0].CompactHistory();
        var expired = await api.WatchAsync($"{NodeEnis}?watch=true&resourceVersion={since}", e => e.Count >= 1);

        Assert.Equal(["ADDED w2", "DELETED w1"], replay.Take(2).Select(e => $"{e["type"]} {e["object"]!["metadata"]!["name"]}"));
        Assert.Equal("BOOKMARK", (string?)replay[2]["type"]);
        Assert.True(long.Parse((string)replay[2]["object"]!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(since, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("ERROR", 410, "Expired"), ((string?)expired[0]["type"], (int)expired[0]["object"]!["code"]!, (string?)expired[0]["object"]!["reason"]));
    }

    [Fact]
    public async Task Lists_filter_by_label_and_field_selectors()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var cluster = env[0];
        foreach (var (name, pool) in new[] { ("a", "x"), ("b", "y"), ("c", "x") })
        {
            cluster.AddNode(new AwsMultiEni.Sandbox.Kubernetes.SimulatedNode(name, "us-east-1a", $"i-0000000000000000{name}", "m5.large") { Labels = new Dictionary<string, string> { ["pool"] = pool } });
        }

        using var api = new EmulatorClient(cluster.Url);

        async Task<string> Names(string query) => string.Join(",", (await api.OkAsync(HttpMethod.Get, $"/api/v1/nodes?{query}"))["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));

        Assert.Equal("a,c", await Names("labelSelector=pool%3Dx"));
        Assert.Equal("b", await Names("labelSelector=pool%20notin%20(x)"));
        Assert.Equal("a,b", await Names("labelSelector=pool%20in%20(x,y),!missing&fieldSelector=metadata.name!%3Dc"));
        Assert.Equal("c", await Names("fieldSelector=metadata.name%3Dc"));
        Assert.Equal("", await Names("labelSelector=missing"));
    }

    [Fact]
    public async Task Json_patch_strategic_merge_and_server_side_apply_work_on_built_in_types()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var cluster = env[0];
        cluster.AddNode(AwsMultiEni.Sandbox.Kubernetes.SimulatedNode.ForIndex(cluster.Name, 1));
        var node = $"/api/v1/nodes/{cluster.Name}-node-1";
        using var api = new EmulatorClient(cluster.Url);

        var strategic = await api.OkAsync(HttpMethod.Patch, $"{node}/status", """{"status":{"conditions":[{"type":"MemoryPressure","status":"False"}]}}""", "application/strategic-merge-patch+json");
        var jsonPatched = await api.OkAsync(HttpMethod.Patch, node, """[{"op":"add","path":"/metadata/labels/ng","value":"dpdk"},{"op":"test","path":"/spec/providerID","value":"aws:///us-east-1a/""" + ((string)strategic["spec"]!["providerID"]!).Split('/')[^1] + "\"}]", "application/json-patch+json");
        var (failedTest, _) = await api.SendAsync(HttpMethod.Patch, node, """[{"op":"test","path":"/metadata/name","value":"other"}]""", "application/json-patch+json");
        var applied = await api.OkAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/p1?fieldManager=test", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\n  labels:\n    app: demo\nspec:\n  nodeName: n1\n", "application/apply-patch+yaml");
        var reapplied = await api.OkAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/p1?fieldManager=test", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","labels":{"tier":"web"}}}""", "application/apply-patch+yaml");

        Assert.Equal(["Ready", "MemoryPressure"], strategic["status"]!["conditions"]!.AsArray().Select(c => (string?)c!["type"]));
        Assert.Equal("dpdk", (string?)jsonPatched["metadata"]!["labels"]!["ng"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failedTest);
        Assert.Equal(("default", "demo"), ((string?)applied["metadata"]!["namespace"], (string?)applied["metadata"]!["labels"]!["app"]));
        // An apply is the manager's whole intent: what it applied before and no longer applies is gone.
        Assert.Equal(((string?)null, "web", (string?)null), ((string?)reapplied["metadata"]!["labels"]!["app"], (string?)reapplied["metadata"]!["labels"]!["tier"], (string?)reapplied["spec"]?["nodeName"]));
    }

    [Fact]
    public async Task Leases_events_and_missing_things_behave_like_the_API_server()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        using var api = new EmulatorClient(env[0].Url);

        var lease = await api.OkAsync(HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", """{"metadata":{"name":"silo"},"spec":{"holderIdentity":"silo-1","leaseDurationSeconds":15}}""");
        var eventV1 = await api.OkAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", """{"metadata":{"name":"e1"},"reason":"ENIAttached","type":"Normal","note":"ok","eventTime":"2026-01-01T00:00:00.000000Z","reportingController":"awsmultieni","reportingInstance":"silo-1","action":"Attach"}""");
        var (missingNamespace, missingNamespaceBody) = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/pods", """{"metadata":{"name":"p"}}""");
        var (unknownResource, _) = await api.SendAsync(HttpMethod.Get, "/apis/example.com/v1/widgets");
        var (missingObject, missingBody) = await api.SendAsync(HttpMethod.Get, $"{NodeEnis}/absent");
        var (badName, _) = await api.SendAsync(HttpMethod.Post, NodeEnis, KubeTestEnvironment.NodeEniManifest("Not_A_Name").ToJsonString());

        Assert.Equal(("Lease", "coordination.k8s.io/v1", "silo-1"), ((string?)lease["kind"], (string?)lease["apiVersion"], (string?)lease["spec"]!["holderIdentity"]));
        Assert.Equal("events.k8s.io/v1", (string?)eventV1["apiVersion"]);
        Assert.Equal((HttpStatusCode.NotFound, "namespaces \"nowhere\" not found"), (missingNamespace, (string?)missingNamespaceBody["message"]));
        Assert.Equal(HttpStatusCode.NotFound, unknownResource);
        Assert.Equal((HttpStatusCode.NotFound, "NotFound", "nodeenis.networking.k8s.aws \"absent\" not found"), (missingObject, (string?)missingBody["reason"], (string?)missingBody["message"]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badName);
    }

    [Fact]
    public async Task Deleting_the_CRD_stops_serving_its_resource()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        using var api = new EmulatorClient(env[0].Url);
        await api.OkAsync(HttpMethod.Post, NodeEnis, KubeTestEnvironment.NodeEniManifest("orphan").ToJsonString());
        var discovered = await api.OkAsync(HttpMethod.Get, "/apis/networking.k8s.aws/v1alpha1");

        await api.OkAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodeenis.networking.k8s.aws");
        var (afterDelete, _) = await api.SendAsync(HttpMethod.Get, NodeEnis);
        var groups = await api.OkAsync(HttpMethod.Get, "/apis");

        Assert.Contains(discovered["resources"]!.AsArray(), r => (string?)r!["name"] == "nodeenis" && r["shortNames"]![0]!.GetValue<string>() == "neni");
        Assert.Contains(discovered["resources"]!.AsArray(), r => (string?)r!["name"] == "nodeenis/status");
        Assert.Equal(HttpStatusCode.NotFound, afterDelete);
        Assert.DoesNotContain(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "networking.k8s.aws");
    }
}
