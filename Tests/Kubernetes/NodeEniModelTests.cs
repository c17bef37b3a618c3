using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Abstractions.NodeEnis;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Sandbox.Kubernetes;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AwsMultiEni.Tests.Kubernetes;

/// <summary>The README's NodeENI examples: identical to deploy/examples, and read and written back by the model without loss.</summary>
public sealed partial class NodeEniModelTests
{
    public static TheoryData<string> Examples => new(Directory.GetFiles(RepositoryFiles.PathOf("deploy/examples"), "nodeeni-*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    [Fact]
    public void The_kubernetes_guide_shows_every_example_file_verbatim_and_nothing_else()
    {
        var blocks = YamlBlock().Matches(RepositoryFiles.Read("docs/kubernetes.md")).Select(m => m.Groups["body"].Value).ToList();

        var files = Examples.Select(e => RepositoryFiles.Read($"deploy/examples/{e.Data}")).ToList();

        Assert.Equal(files.Order(StringComparer.Ordinal), blocks.Order(StringComparer.Ordinal));
        Assert.Equal(6, files.Count);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_losslessly(string file)
    {
        var original = YamlJson.Documents(RepositoryFiles.Read($"deploy/examples/{file}")).Single();

        var model = NodeEniJson.Deserialize(original.ToJsonString());
        var written = JsonNode.Parse(NodeEniJson.Serialize(model));

        Assert.True(JsonNode.DeepEquals(original, written), $"{file}: {original.ToJsonString()} became {written!.ToJsonString()}");
        Assert.Equal((NodeEni.ApiVersionValue, NodeEni.KindValue), (model.ApiVersion, model.Kind));
        Assert.NotEmpty(model.Spec.NodeSelector);
        Assert.NotEmpty(model.Spec.AllSubnetIds.Concat(model.Spec.AllSubnetNames));
    }

    [Fact]
    public void Unknown_fields_and_status_survive_a_round_trip()
    {
        const string Json = """
            {"apiVersion":"networking.k8s.aws/v1alpha1","kind":"NodeENI","metadata":{"name":"x","managedFields":[{"manager":"kubectl"}],"generation":3},
             "spec":{"nodeSelector":{"a":"b"},"subnetIDs":["subnet-0a1b2c3d4e5f60001"],"securityGroupNames":["sg"],"futureField":{"k":[1,2]}},
             "status":{"observedGeneration":3,"attachmentCount":1,"attachments":[{"nodeID":"n","eniID":"eni-1","lastUpdated":"2026-01-02T03:04:05Z","extra":true}],
                       "conditions":[{"type":"Ready","status":"True","reason":"Attached","message":"ok","lastTransitionTime":"2026-01-02T03:04:05Z","observedGeneration":3}]},
             "topLevelExtra":"kept"}
            """;

        var model = NodeEniJson.Deserialize(Json);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Json), JsonNode.Parse(NodeEniJson.Serialize(model))));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), model.Status!.Conditions![0].LastTransitionTime);
    }

    [Fact]
    public void Dpdk_alias_and_defaults_are_applied_by_the_effective_members()
    {
        var spec = new NodeEniSpec { DpdkEnabled = true, SubnetId = "subnet-1", SubnetIds = ["subnet-2", "subnet-1"] };

        Assert.True(spec.EffectiveDpdk);
        Assert.Equal((1, true, "vfio-pci"), (spec.EffectiveDeviceIndex, spec.EffectiveDeleteOnTermination, spec.EffectiveDpdkDriver));
        Assert.Equal(["subnet-1", "subnet-2"], spec.AllSubnetIds);
        Assert.False(new NodeEniSpec { EnableDpdk = false }.EffectiveDpdk);
    }

    [Fact]
    public void Model_crosses_grain_calls_with_Orleans_serialization()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider()
            .GetRequiredService<Serializer>();
        var original = NodeEniJson.Deserialize(YamlJson.Documents(RepositoryFiles.Read("deploy/examples/nodeeni-dpdk.yaml")).Single().ToJsonString()) with
        {
            Status = new NodeEniStatus { Conditions = [new NodeEniCondition { Type = NodeEniCondition.Ready, Status = "True", LastTransitionTime = DateTimeOffset.UnixEpoch }] },
        };

        var copy = serializer.Deserialize<NodeEni>(serializer.SerializeToArray(original));

        Assert.Equal(NodeEniJson.Serialize(original), NodeEniJson.Serialize(copy));
    }

    [GeneratedRegex("```yaml\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
