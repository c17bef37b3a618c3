using System.Text.RegularExpressions;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Silo.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Kubernetes;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>kubectl 1.32 itself against the emulator: the commands the README shows and a person uses.</summary>
public sealed partial class KubectlTests
{
    [Fact]
    public async Task Crd_and_every_documented_example_apply_and_read_back_through_get_yaml_custom_columns_and_explain()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var kubectl = For(env, 0);

        (await kubectl.RunAsync("apply", "-f", RepositoryFiles.PathOf("deploy/crds/networking.k8s.aws_nodeenis.yaml"))).Succeeded();
        var examples = Directory.GetFiles(RepositoryFiles.PathOf("deploy/examples"), "nodeeni-*.yaml");
        var applied = (await kubectl.RunAsync(["apply", .. examples.SelectMany(f => new[] { "-f", f })])).Succeeded();
        var names = examples
            .Select(f => (string)YamlJson.Documents(File.ReadAllText(f)).Single()["metadata"]!["name"]!)
            .ToList();
        Assert.All(names, n => Assert.Contains($"nodeeni.networking.k8s.aws/{n} created", applied.Output, StringComparison.Ordinal));

        await env.Connect(env[0]).NodeEniWriter.UpdateStatusAsync("multus-eni", _ => new NodeEniStatus
        {
            ObservedGeneration = 1,
            Attachments = [new EniAttachmentStatus { NodeId = "node-a", EniId = "eni-0123456789abcdef0", Status = "attached" }],
            Conditions = [new NodeEniCondition { Type = NodeEniCondition.Ready, Status = "True", Reason = "AllAttached" }],
        }, TestContext.Current.CancellationToken);

        var table = (await kubectl.RunAsync("get", "nodeeni")).Succeeded().Output;
        Assert.Matches(@"^NAME\s+READY\s+ATTACHMENTS\s+AGE\s*$", table.Split('\n')[0]);
        Assert.Matches(@"(?m)^multus-eni\s+True\s+1\s+\d+s\s*$", table);
        Assert.Equal(names.Count, table.Trim().Split('\n').Length - 1);

        var yaml = (await kubectl.RunAsync("get", "neni", "-o", "yaml")).Succeeded().Output;
        var items = YamlJson.Documents(yaml).Single()["items"]!.AsArray().Select(i => NodeEniJson.Deserialize(i!.ToJsonString())).ToDictionary(n => n.Name);
        Assert.True(items["dpdk-eni"].Spec.DpdkEnabled);
        Assert.True(items["dpdk-eni"].Spec.EffectiveDpdk);
        Assert.Equal(["multus-subnet-a", "multus-subnet-b"], items["multus-eni-by-name"].Spec.SubnetNames);
        Assert.Equal(["multus-sg"], items["multus-eni-by-name"].Spec.SecurityGroupNames);
        Assert.Equal((true, "vfio-pci"), (items["multus-eni-by-name"].Spec.DeleteOnTermination, items["multus-eni-by-name"].Spec.DpdkDriver));
        Assert.Equal((9001, "multus0"), (items["jumbo-eni"].Spec.Mtu, items["jumbo-eni"].Spec.InterfaceName));

        var columns = (await kubectl.RunAsync(DocumentedCustomColumnsArguments())).Succeeded().Output;
        Assert.Matches(@"^NAME\s+NODES\s+ENIs\s+STATUS\s*$", columns.Split('\n')[0]);
        Assert.Matches(@"(?m)^multus-eni\s+node-a\s+eni-0123456789abcdef0\s+attached\s*$", columns);

        var explain = (await kubectl.RunAsync("explain", "nodeeni.spec")).Succeeded().Output;
        Assert.Contains("KIND:       NodeENI", explain, StringComparison.Ordinal);
        Assert.All(["nodeSelector", "subnetNames", "securityGroupNames", "dpdkEnabled", "interfaceName", "mtu"], f => Assert.Contains(f, explain, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kubectls_typed_create_commands_send_protobuf_and_the_objects_read_back_as_sent()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var kubectl = For(env, 0);

        (await kubectl.RunAsync("create", "namespace", "team")).Succeeded();
        (await kubectl.RunAsync("-n", "team", "create", "configmap", "settings", "--from-literal=mtu=9001", "--from-literal=name=multus0")).Succeeded();
        (await kubectl.RunAsync("-n", "team", "create", "secret", "generic", "token", "--from-literal=key=s3cr3t")).Succeeded();
        (await kubectl.RunAsync("-n", "team", "create", "serviceaccount", "robot")).Succeeded();
        (await kubectl.RunAsync("-n", "team", "create", "role", "reader", "--verb=get,list", "--resource=pods")).Succeeded();
        (await kubectl.RunAsync("-n", "team", "create", "rolebinding", "robot-reads", "--role=reader", "--serviceaccount=team:robot")).Succeeded();
        (await kubectl.RunAsync("create", "clusterrole", "node-reader", "--verb=get", "--resource=nodes")).Succeeded();

        Assert.Equal("9001 multus0", await GetAsync(kubectl, "team", "configmap", "settings", "{.data.mtu} {.data.name}"));
        Assert.Equal($"Opaque {Convert.ToBase64String("s3cr3t"u8)}", await GetAsync(kubectl, "team", "secret", "token", "{.type} {.data.key}"));
        Assert.Equal("""get list pods""", await GetAsync(kubectl, "team", "role", "reader", "{.rules[0].verbs[0]} {.rules[0].verbs[1]} {.rules[0].resources[0]}"));
        Assert.Equal("Role reader ServiceAccount robot team", await GetAsync(kubectl, "team", "rolebinding", "robot-reads", "{.roleRef.kind} {.roleRef.name} {.subjects[0].kind} {.subjects[0].name} {.subjects[0].namespace}"));
        Assert.Equal("nodes", await GetAsync(kubectl, "", "clusterrole", "node-reader", "{.rules[0].resources[0]}"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", await GetAsync(kubectl, "", "namespace", "team", "{.metadata.creationTimestamp}"));

        // kubectl create's typed client sends protobuf even for a kind the emulator cannot decode, so it says which it can.
        var refused = await kubectl.RunAsync("-n", "team", "create", "deployment", "web", "--image=nginx");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("decodes protobuf for Namespace", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_side_apply_tracks_managers_removes_what_a_manager_stops_applying_and_refuses_conflicts_unless_forced()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var kubectl = For(env, 0);
        var first = Path.Combine(env.StateDir, "first.yaml");
        var second = Path.Combine(env.StateDir, "second.yaml");
        await File.WriteAllTextAsync(first, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: \"1\"\n  b: \"2\"\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(second, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: \"1\"\n", TestContext.Current.CancellationToken);

        Assert.Contains("configmap/cfg serverside-applied", (await kubectl.RunAsync("apply", "--server-side", "-f", first)).Succeeded().Output, StringComparison.Ordinal);
        (await kubectl.RunAsync("patch", "configmap", "cfg", "--type", "merge", "-p", """{"data":{"a":"9","c":"3"}}""", "--field-manager", "ops")).Succeeded();

        var conflict = await kubectl.RunAsync("apply", "--server-side", "-f", second);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("conflict with \"ops\" using v1: .data.a", conflict.Error, StringComparison.Ordinal);
        Assert.Equal("9 2 3", await GetAsync(kubectl, "default", "configmap", "cfg", "{.data.a} {.data.b} {.data.c}"));

        (await kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", second)).Succeeded();
        Assert.Equal("1  3", await GetAsync(kubectl, "default", "configmap", "cfg", "{.data.a} {.data.b} {.data.c}"));
        var managed = System.Text.Json.Nodes.JsonNode.Parse((await kubectl.RunAsync("get", "configmap", "cfg", "--show-managed-fields", "-o", "json")).Succeeded().Output)!["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(
            ["kubectl Apply {\"f:data\":{\"f:a\":{}}}", "ops Update {\"f:data\":{\"f:c\":{}}}"],
            managed.Select(e => $"{e!["manager"]} {e["operation"]} {e["fieldsV1"]!.ToJsonString()}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_silo_and_agent_identities_are_held_to_the_rbac_deploy_cluster_grants_them()
    {
        await using var env = await KubeTestEnvironment.StartAsync(installCrd: false);
        var admin = For(env, 0);
        var silo = new Kubectl(env[0].SiloKubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache-silo"));
        var agent = new Kubectl(env[0].AgentKubeconfigPath, Path.Combine(env.StateDir, "kubectl-cache-agent"));

        Assert.Contains("awsmultieni:silo", (await silo.RunAsync("auth", "whoami")).Succeeded().Output, StringComparison.Ordinal);
        Assert.Contains("system:serviceaccount:awsmultieni-node:awsmultieni-agent", (await agent.RunAsync("auth", "whoami")).Succeeded().Output, StringComparison.Ordinal);
        var before = await silo.RunAsync("get", "nodes");
        Assert.Contains("nodes is forbidden: User \"awsmultieni-silo\" cannot list resource \"nodes\" in API group \"\" at the cluster scope", before.Error, StringComparison.Ordinal);

        (await admin.RunAsync("apply", "-f", RepositoryFiles.PathOf("deploy/crds/"), "-f", RepositoryFiles.PathOf("deploy/cluster/"))).Succeeded();

        Assert.Equal(
            ["yes", "yes", "yes", "no", "no"],
            [
                await CanAsync(silo, "list", "nodes"), await CanAsync(silo, "patch", "nodeenis.networking.k8s.aws/status"), await CanAsync(silo, "create", "events", "-n", "default"),
                await CanAsync(silo, "delete", "nodes"), await CanAsync(silo, "get", "secrets", "-n", "kube-system"),
            ]);
        Assert.Equal(
            ["yes", "yes", "no", "no"],
            [await CanAsync(agent, "list", "pods", "-n", "kube-system"), await CanAsync(agent, "delete", "pods", "-n", "kube-system"), await CanAsync(agent, "delete", "pods", "-n", "default"), await CanAsync(agent, "list", "nodes")]);
        (await silo.RunAsync("get", "nodes")).Succeeded();
        Assert.Contains("cannot list resource \"secrets\" in API group \"\" in the namespace \"kube-system\"", (await silo.RunAsync("get", "secrets", "-n", "kube-system")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_NodeEnis_are_rejected_with_messages_that_name_the_field()
    {
        await using var env = await KubeTestEnvironment.StartAsync();
        var cases = new (string Name, string Spec, string Expected)[]
        {
            ("no-subnet", "nodeSelector: {ng: multi-eni}, securityGroupIDs: [sg-0a1b2c3d4e5f60001]", "spec: Invalid value: \"object\": at least one of subnetID, subnetIDs, subnetName or subnetNames is required"),
            ("no-sg", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001", "spec: Invalid value: \"object\": at least one of securityGroupIDs or securityGroupNames is required"),
            ("index-zero", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-0a1b2c3d4e5f60001], deviceIndex: 0", "spec.deviceIndex: Invalid value: 0: spec.deviceIndex in body should be greater than or equal to 1"),
            ("index-high", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-0a1b2c3d4e5f60001], deviceIndex: 32", "spec.deviceIndex: Invalid value: 32: spec.deviceIndex in body should be less than or equal to 31"),
            ("index-text", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-0a1b2c3d4e5f60001], deviceIndex: \"two\"", "spec.deviceIndex: Invalid value: \"string\": spec.deviceIndex in body must be of type integer"),
            ("mtu-low", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-0a1b2c3d4e5f60001], mtu: 67", "spec.mtu: Invalid value: 67: spec.mtu in body should be greater than or equal to 68"),
            ("mtu-high", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-0a1b2c3d4e5f60001], mtu: 9002", "spec.mtu: Invalid value: 9002: spec.mtu in body should be less than or equal to 9001"),
            ("subnet-pattern", "nodeSelector: {ng: multi-eni}, securityGroupIDs: [sg-0a1b2c3d4e5f60001], subnetIDs: [subnet-0a1b2c3d4e5f60001, subnet-XYZ]", "spec.subnetIDs[1]: Invalid value: \"subnet-XYZ\": spec.subnetIDs[1] in body should match"),
            ("subnet-empty", "nodeSelector: {ng: multi-eni}, securityGroupIDs: [sg-0a1b2c3d4e5f60001], subnetIDs: []", "spec.subnetIDs: Invalid value: 0: spec.subnetIDs in body should have at least 1 items"),
            ("sg-pattern", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-nothex]", "spec.securityGroupIDs[0]: Invalid value: \"sg-nothex\": spec.securityGroupIDs[0] in body should match"),
            ("pci-pattern", "nodeSelector: {ng: multi-eni}, subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-0a1b2c3d4e5f60001], dpdkPCIAddress: \"00:06.0\"", "spec.dpdkPCIAddress: Invalid value: \"00:06.0\": spec.dpdkPCIAddress in body should match"),
            ("typo-field", "nodeSelector: {ng: multi-eni}, securityGroupIDs: [sg-0a1b2c3d4e5f60001], subnetId: subnet-0a1b2c3d4e5f60001", "strict decoding error: unknown field \"spec.subnetId\""),
        };
        var manifests = string.Join("---\n", cases.Select(c => Manifest(c.Name, c.Spec)));
        manifests += "---\n" + Manifest("no-selector", "subnetID: subnet-0a1b2c3d4e5f60001, securityGroupIDs: [sg-0a1b2c3d4e5f60001]");
        var file = Path.Combine(env.StateDir, "invalid.yaml");
        await File.WriteAllTextAsync(file, manifests, TestContext.Current.CancellationToken);
        var kubectl = For(env, 0);

        var result = await kubectl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (name, _, expected) in cases)
        {
            var line = Assert.Single(errors, e => e.Contains($"\"{name}\"", StringComparison.Ordinal) || e.Contains($"name: \"{name}\"", StringComparison.Ordinal) || e.Contains($"/{name}", StringComparison.Ordinal) || (name == "typo-field" && e.Contains("unknown field", StringComparison.Ordinal)));
            Assert.Contains(expected, line, StringComparison.Ordinal);
        }

        Assert.Contains(errors, e => e.Contains("\"no-selector\" is invalid: spec.nodeSelector: Required value", StringComparison.Ordinal));
        Assert.Contains("No resources found", (await kubectl.RunAsync("get", "neni")).Succeeded().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_node_delete_held_by_finalizer_and_events_per_cluster()
    {
        await using var env = await KubeTestEnvironment.StartAsync(clusters: 2);
        var (one, two) = (env[0], env[1]);
        one.AddNode(SimulatedNode.ForIndex(one.Name, 1));
        var connection = env.Connect(one);
        var nodeEni = await KubeTestEnvironment.CreateNodeEniAsync(env.AdminClient(one), "held");
        await connection.NodeEniWriter.AddFinalizerAsync("held", TestContext.Current.CancellationToken);
        await connection.Events.RecordAsync(
            new EventSubject(NodeEni.ApiVersionValue, NodeEni.KindValue, "held", nodeEni.Metadata.Uid), EventSeverity.Normal, "ENIAttached", "eni-0123456789abcdef0 attached", TestContext.Current.CancellationToken);
        var kubectl = For(env, 0);

        (await kubectl.RunAsync("label", "node", $"{one.Name}-node-1", "ng=multi-eni")).Succeeded();
        var labelled = (await kubectl.RunAsync("get", "nodes", "-l", "ng=multi-eni", "-o", "name")).Succeeded().Output;
        var deleted = (await kubectl.RunAsync("delete", "nodeeni", "held", "--wait=false")).Succeeded().Output;
        var stillThere = (await kubectl.RunAsync("get", "neni", "held", "-o", "jsonpath={.metadata.deletionTimestamp} {.metadata.finalizers[0]}")).Succeeded().Output;
        await connection.NodeEniWriter.RemoveFinalizerAsync("held", TestContext.Current.CancellationToken);
        var gone = await kubectl.RunAsync("get", "neni", "held");
        var events = (await kubectl.RunAsync("get", "events")).Succeeded().Output;
        var otherClusterEvents = await For(env, 1).RunAsync("get", "events", "-A");

        Assert.Equal($"node/{one.Name}-node-1", labelled.Trim());
        Assert.Contains("nodeeni.networking.k8s.aws \"held\" deleted", deleted, StringComparison.Ordinal);
        Assert.Matches($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ {Regex.Escape(NodeEni.Finalizer)}$", stillThere);
        Assert.Contains("nodeenis.networking.k8s.aws \"held\" not found", gone.Error, StringComparison.Ordinal);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\s*$", events.Split('\n')[0]);
        Assert.Matches(@"(?m)^\d+s\s+Normal\s+ENIAttached\s+held\s+eni-0123456789abcdef0 attached\s*$", events);
        Assert.Contains("No resources found", otherClusterEvents.Succeeded().Error, StringComparison.Ordinal);
    }

    /// <summary><c>kubectl auth can-i</c>'s answer, which it prints whether yes (exit 0) or no (exit 1).</summary>
    private static async Task<string> CanAsync(Kubectl kubectl, params string[] args) =>
        (await kubectl.RunAsync(["auth", "can-i", .. args])).Output.Trim();

    private static async Task<string> GetAsync(Kubectl kubectl, string ns, string kind, string name, string jsonPath) =>
        (await kubectl.RunAsync([.. ns.Length > 0 ? ["-n", ns] : Array.Empty<string>(), "get", kind, name, "-o", $"jsonpath={jsonPath}"])).Succeeded().Output;

    private static Kubectl For(KubeTestEnvironment env, int cluster) =>
        new(env[cluster].KubeconfigPath, Path.Combine(env.StateDir, $"kubectl-cache-{cluster}"));

    private static string Manifest(string name, string spec) =>
        $"apiVersion: networking.k8s.aws/v1alpha1\nkind: NodeENI\nmetadata:\n  name: {name}\nspec: {{{spec}}}\n";

    /// <summary>The custom-columns command exactly as the README shows it, minus the leading <c>kubectl</c>.</summary>
    private static string[] DocumentedCustomColumnsArguments()
    {
        var command = CustomColumnsCommand().Match(RepositoryFiles.Read("docs/kubernetes.md"));
        Assert.True(command.Success, "docs/kubernetes.md shows the custom-columns command");
        return command.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
    }

    [GeneratedRegex(@"kubectl get nodeeni -o custom-columns=\S+")]
    private static partial Regex CustomColumnsCommand();
}
