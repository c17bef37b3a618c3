using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsMultiEni.Client.Manifests;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Ipam;

/// <summary>The NetworkAttachmentDefinition example: shown verbatim in docs/ipam.md, and ipvlan L2 on multus0 with this plugin.</summary>
public sealed partial class NadExampleTests
{
    private const string Example = "deploy/examples/nad-ipvlan-ipam.yaml";

    [Fact]
    public void The_ipam_guide_shows_the_example_verbatim_and_it_is_ipvlan_l2_on_multus0_with_awsmultieni_ipam()
    {
        var file = RepositoryFiles.Read(Example);
        var nad = YamlJson.Documents(file).Single();
        var config = JsonNode.Parse((string)nad["spec"]!["config"]!)!;

        Assert.Contains(file, YamlBlock().Matches(RepositoryFiles.Read("docs/ipam.md")).Select(m => m.Groups["body"].Value));
        Assert.Equal(("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition"), ((string)nad["apiVersion"]!, (string)nad["kind"]!));
        Assert.Equal(("ipvlan", "l2", "multus0", "awsmultieni-ipam"), ((string)config["type"]!, (string)config["mode"]!, (string)config["master"]!, (string)config["ipam"]!["type"]!));
    }

    [GeneratedRegex(@"```yaml\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
