using AwsMultiEni.Agent.Hosting;
using AwsMultiEni.Agent.SiloLink;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Client.Connection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The agent host's configuration contract: what it refuses, and how gateways are read and resolved.</summary>
public sealed class AgentSettingsTests
{
    [Fact]
    public void A_complete_configuration_has_no_problems_and_keeps_the_defaults()
    {
        var configuration = Configuration(("NODE_NAME", "node-a"), ("Agent:Cluster", "prod-1"), ("Agent:Gateways:0", "silo.fleet.svc:30000"));

        Assert.Empty(AgentSettings.Problems(configuration));
        var settings = AgentSettings.From(configuration);
        Assert.Equal((TimeSpan.FromSeconds(30), "kube-system", "app=sriovdp", "intel.com"), (settings.ResyncInterval, settings.PluginNamespace, settings.PluginLabels, settings.SriovResourcePrefix));
    }

    [Fact]
    public void Each_missing_or_malformed_setting_is_named()
    {
        var problems = AgentSettings.Problems(Configuration(
            ("NODE_NAME", "a/b"), ("Agent:Gateways:0", "silo-without-port"), ("Agent:ResyncInterval", "00:00:00"), ("Agent:SriovResourcePrefix", "Intel.com/"), ("Agent:InstanceMetadataEndpoint", "169.254.169.254")));

        Assert.Collection(
            problems,
            p => Assert.StartsWith("NODE_NAME is not set", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Agent__Cluster is not set", p, StringComparison.Ordinal),
            p => Assert.Equal("gateway 'silo-without-port' is not host:port.", p),
            p => Assert.Equal("Agent__InstanceMetadataEndpoint: '169.254.169.254' is not an absolute http URL like http://169.254.169.254/.", p),
            p => Assert.Equal("Agent__SriovResourcePrefix: The SR-IOV resource prefix 'Intel.com/' is not a lower-case DNS name like intel.com.", p),
            p => Assert.StartsWith("Agent__ResyncInterval (00:00:00)", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData("*", false)]
    [InlineData("app", false)]
    [InlineData("!app", false)]
    [InlineData("app!=other", false)]
    [InlineData("app=", false)]
    [InlineData("app=sriovdp", true)]
    [InlineData("app==sriovdp,tier", true)]
    public void A_plugin_label_selector_must_pin_a_label_to_a_value(string selector, bool accepted)
    {
        var problems = AgentSettings.Problems(Configuration(("NODE_NAME", "node-a"), ("Agent:Cluster", "prod-1"), ("Agent:Gateways:0", "silo:30000"), ("Agent:PluginLabels", selector)));

        Assert.Equal(accepted, problems.Count == 0);
        Assert.Equal(accepted, DevicePluginPodSelector.ProblemWith(selector) is null);
        if (!accepted)
        {
            Assert.Throws<ArgumentException>(() => new DevicePluginPodSelector("node-a", "kube-system", selector));
        }
    }

    [Theory]
    [InlineData("silo:30000", "silo", 30000)]
    [InlineData("10.0.0.7:30001", "10.0.0.7", 30001)]
    [InlineData("[::1]:30000", "::1", 30000)]
    public void Gateways_parse_as_host_and_port(string text, string host, int port)
    {
        Assert.True(GatewayEndpoint.TryParse(text, out var endpoint));
        Assert.Equal(new GatewayEndpoint(host, port), endpoint);
    }

    [Theory]
    [InlineData(":30000")]
    [InlineData("silo:")]
    [InlineData("silo:70000")]
    [InlineData("silo:-1")]
    public void Malformed_gateways_are_refused(string text) => Assert.False(GatewayEndpoint.TryParse(text, out _));

    [Fact]
    public async Task Host_names_resolve_to_gateway_uris_and_an_unknown_name_is_skipped()
    {
        var provider = new DnsGatewayListProvider(
            [new GatewayEndpoint("localhost", 30000), new GatewayEndpoint("no-such-host.invalid", 30000), new GatewayEndpoint("127.0.0.2", 30001)],
            Options.Create(new GatewayOptions()),
            NullLogger<DnsGatewayListProvider>.Instance);

        var gateways = await provider.GetGatewaysAsync(TestContext.Current.CancellationToken);

        Assert.Contains(new Uri("gwy.tcp://127.0.0.1:30000/0"), gateways);
        Assert.Contains(new Uri("gwy.tcp://127.0.0.2:30001/0"), gateways);
        Assert.DoesNotContain(gateways, g => g.Host.Contains("invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void Backoff_doubles_from_one_second_to_thirty()
    {
        Assert.Equal([0, 1, 2, 4, 8, 16, 30, 30], Enumerable.Range(0, 8).Select(f => ConnectBackoff.After(f).TotalSeconds));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
