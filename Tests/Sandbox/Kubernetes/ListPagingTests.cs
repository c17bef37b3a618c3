using System.Net;
using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Kubernetes;
using k8s;
using k8s.Models;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>
/// Paginated lists (<c>limit</c>, <c>continue</c>) as the API server serves them: pages in key order, every page of a
/// list read at its first page's resourceVersion, and a token that is too old or not a token refused.
/// </summary>
public sealed class ListPagingTests
{
    private const string Nodes = "/api/v1/nodes";

    [Fact]
    public async Task Twenty_five_nodes_come_in_pages_of_10_10_and_5_in_name_order_through_KubernetesClient()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var nodes = KubeTestEnvironment.AddNodes(env[0], 25);
        var admin = env.AdminClient(env[0]);
        var cancel = TestContext.Current.CancellationToken;

        var first = await admin.CoreV1.ListNodeAsync(limit: 10, cancellationToken: cancel);
        var second = await admin.CoreV1.ListNodeAsync(limit: 10, continueParameter: first.Metadata.ContinueProperty, cancellationToken: cancel);
        var third = await admin.CoreV1.ListNodeAsync(limit: 10, continueParameter: second.Metadata.ContinueProperty, cancellationToken: cancel);

        Assert.Equal((10, 10, 5), (first.Items.Count, second.Items.Count, third.Items.Count));
        Assert.Equal(((long?)15, (long?)5, (long?)null), (first.Metadata.RemainingItemCount, second.Metadata.RemainingItemCount, third.Metadata.RemainingItemCount));
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));
        Assert.False(string.IsNullOrEmpty(second.Metadata.ContinueProperty));
        Assert.True(string.IsNullOrEmpty(third.Metadata.ContinueProperty));
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);
        var names = first.Items.Concat(second.Items).Concat(third.Items).Select(n => n.Metadata.Name).ToList();
        Assert.Equal(nodes.Order(StringComparer.Ordinal), names);
        Assert.Equal(
            [new ServedList("nodes", 10, false, 10), new ServedList("nodes", 10, true, 10), new ServedList("nodes", 10, true, 5)],
            env[0].Lists.Where(l => l.Resource == "nodes"));
    }

    [Fact]
    public async Task Kubectl_get_with_chunk_size_10_reads_25_nodes_in_three_requests()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var nodes = KubeTestEnvironment.AddNodes(env[0], 25);
        var kubectl = new Kubectl(env[0].KubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache"));

        var names = (await kubectl.RunAsync("get", "nodes", "--chunk-size=10", "-o", "name")).Succeeded().Output;
        var asName = NodeListsSince(env, 0);
        var table = (await kubectl.RunAsync("get", "nodes", "--chunk-size=10")).Succeeded().Output;
        var asTable = NodeListsSince(env, asName.Count);

        Assert.Equal(nodes.Select(n => $"node/{n}").Order(StringComparer.Ordinal), names.Trim().Split('\n'));
        Assert.Equal(26, table.Trim().Split('\n').Length);
        foreach (var lists in new[] { asName, asTable })
        {
            Assert.Equal([(10, false, 10), (10, true, 10), (10, true, 5)], lists.Select(l => (l.Limit, l.Continued, l.Items)));
        }
    }

    [Fact]
    public async Task A_continued_list_shows_the_objects_as_they_were_at_its_first_page()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var ordered = KubeTestEnvironment.AddNodes(env[0], 25).Order(StringComparer.Ordinal).ToList();
        var admin = env.AdminClient(env[0]);
        var cancel = TestContext.Current.CancellationToken;
        var first = await admin.CoreV1.ListNodeAsync(limit: 10, cancellationToken: cancel);

        // Between the pages: one node still to come is deleted, one relabelled, and a node that sorts last is created.
        await admin.CoreV1.DeleteNodeAsync(ordered[^1], cancellationToken: cancel);
        await admin.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"ng":"late"}}}""", V1Patch.PatchType.MergePatch), ordered[15], cancellationToken: cancel);
        env[0].AddNode(new SimulatedNode(ordered[^1] + "9", "us-east-1a", "i-0fffffffffffffff0", "m5.large"));
        var rest = new List<V1Node>();
        for (var page = first; !string.IsNullOrEmpty(page.Metadata.ContinueProperty);)
        {
            page = await admin.CoreV1.ListNodeAsync(limit: 10, continueParameter: page.Metadata.ContinueProperty, cancellationToken: cancel);
            rest.AddRange(page.Items);
        }

        Assert.Equal(ordered, first.Items.Concat(rest).Select(n => n.Metadata.Name));
        Assert.False(rest.Single(n => n.Metadata.Name == ordered[15]).Metadata.Labels.ContainsKey("ng"));
        var fresh = await admin.CoreV1.ListNodeAsync(cancellationToken: cancel);
        Assert.Equal([.. ordered[..^1], ordered[^1] + "9"], fresh.Items.Select(n => n.Metadata.Name));
    }

    [Fact]
    public async Task A_continue_whose_snapshot_was_compacted_is_410_Expired_and_a_malformed_one_400()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var nodes = KubeTestEnvironment.AddNodes(env[0], 5);
        using var api = new EmulatorClient(env[0].Url);
        var first = await api.OkAsync(HttpMethod.Get, $"{Nodes}?limit=2");
        var token = (string)first["metadata"]!["continue"]!;
        var admin = env.AdminClient(env[0]);
        await admin.CoreV1.DeleteNodeAsync(nodes[0], cancellationToken: TestContext.Current.CancellationToken);
        var beforeCompaction = await api.OkAsync(HttpMethod.Get, $"{Nodes}?limit=2&continue={Uri.EscapeDataString(token)}");

        env[0].CompactHistory();
        var (expiredCode, expired) = await api.SendAsync(HttpMethod.Get, $"{Nodes}?limit=2&continue={Uri.EscapeDataString(token)}");
        var (malformedCode, malformed) = await api.SendAsync(HttpMethod.Get, $"{Nodes}?limit=2&continue=not-a-token");
        var (withVersionCode, _) = await api.SendAsync(HttpMethod.Get, $"{Nodes}?limit=2&resourceVersion=3&continue={Uri.EscapeDataString(token)}");

        Assert.Equal(2, beforeCompaction["items"]!.AsArray().Count);
        Assert.Equal((HttpStatusCode.Gone, "Expired", 410), (expiredCode, (string?)expired["reason"], (int)expired["code"]!));
        Assert.StartsWith("The provided continue parameter is too old to display a consistent list result.", (string?)expired["message"], StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest"), (malformedCode, (string?)malformed["reason"]));
        Assert.Equal(HttpStatusCode.BadRequest, withVersionCode);
    }

    [Fact]
    public async Task Selectors_filter_before_paging_and_namespaced_lists_page_by_namespace_then_name()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        using var api = new EmulatorClient(env[0].Url);
        foreach (var n in Enumerable.Range(1, 7))
        {
            env[0].AddNode(new SimulatedNode($"node-{n}", "us-east-1a", $"i-0{n:x16}", "m5.large") { Labels = new Dictionary<string, string> { ["ng"] = n % 2 == 0 ? "even" : "odd" } });
        }

        foreach (var ns in new[] { "team-b", "team-a" })
        {
            await api.OkAsync(HttpMethod.Post, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }.ToJsonString());
            foreach (var name in new[] { "two", "one" })
            {
                await api.OkAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }.ToJsonString());
            }
        }

        var odd = await ReadAllAsync(api, $"{Nodes}?labelSelector=ng%3Dodd&limit=3");
        var configMaps = await ReadAllAsync(api, "/api/v1/configmaps?limit=3");
        var inTeamB = await ReadAllAsync(api, "/api/v1/namespaces/team-b/configmaps?limit=1");

        Assert.Equal([["node-1", "node-3", "node-5"], ["node-7"]], odd.Select(p => p.Names));
        Assert.All(odd, p => Assert.Null(p.Remaining));
        Assert.Equal([["team-a/one", "team-a/two", "team-b/one"], ["team-b/two"]], configMaps.Select(p => p.Names));
        Assert.Equal(((long?)1, (long?)null), (configMaps[0].Remaining, configMaps[1].Remaining));
        Assert.Equal([["team-b/one"], ["team-b/two"]], inTeamB.Select(p => p.Names));
    }

    private static List<ServedList> NodeListsSince(KubeTestEnvironment env, int skip) =>
        [.. env[0].Lists.Where(l => l.Resource == "nodes").Skip(skip)];

    /// <summary>Every page of a list, each as its items' <c>namespace/name</c> (or name) and its remainingItemCount.</summary>
    private static async Task<List<(List<string> Names, long? Remaining)>> ReadAllAsync(EmulatorClient api, string path)
    {
        var pages = new List<(List<string>, long?)>();
        string? token = null;
        do
        {
            var page = await api.OkAsync(HttpMethod.Get, token is null ? path : $"{path}&continue={Uri.EscapeDataString(token)}");
            var names = page["items"]!.AsArray()
                .Select(i => i!["metadata"]!["namespace"] is { } ns ? $"{ns}/{i["metadata"]!["name"]}" : (string)i["metadata"]!["name"]!)
                .ToList();
            pages.Add((names, (long?)page["metadata"]!["remainingItemCount"]));
            token = (string?)page["metadata"]!["continue"];
        }
        while (token is not null);

        return pages;
    }
}
