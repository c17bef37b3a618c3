using System.Text.Json.Nodes;

namespace AwsMultiEni.Tests.Ipam;

/// <summary>awsmultieni-ipam run directly, process per call as a runtime runs it, against a ranges file written by hand.</summary>
public sealed class IpamPluginTests : IDisposable
{
    private const string EightPrefixes = """[{"cidr":"10.0.1.16/28"},{"cidr":"10.0.1.32/28"},{"cidr":"10.0.1.48/28"},{"cidr":"10.0.1.64/28"},{"cidr":"10.0.1.80/28"},{"cidr":"10.0.1.96/28"},{"cidr":"10.0.1.112/28"},{"cidr":"10.0.1.128/28"}]""";

    private readonly IpamDataDir _data = new();

    [Fact]
    public async Task Add_gives_both_families_with_the_subnets_prefix_lengths_gateway_and_routes_and_again_the_same_on_a_repeat()
    {
        _data.WriteRanges(
            """[{"cidr":"10.0.1.16/28"}]""",
            ipv6: """{"subnet":"2600:1f14:1:2::/64","ranges":[{"cidr":"2600:1f14:1:2:a::/80"}]}""",
            routes: """[{"dst":"10.0.0.0/16"},{"dst":"192.168.0.0/16"}]""");
        var config = _data.Config(edit: c => c["ipam"]!["routes"] = new JsonArray(new JsonObject { ["dst"] = "192.168.0.0/16", ["gw"] = "10.0.1.5" }));

        var first = (await IpamPlugin.RunAsync("ADD", config)).Succeeded().Json;
        var again = (await IpamPlugin.RunAsync("ADD", config)).Succeeded().Json;

        Assert.Equal("1.1.0", (string)first["cniVersion"]!);
        Assert.Equal(
            """[{"address":"10.0.1.16/24","gateway":"10.0.1.1"},{"address":"2600:1f14:1:2:a::/64"}]""",
            first["ips"]!.ToJsonString());
        Assert.Equal(
            """[{"dst":"192.168.0.0/16","gw":"10.0.1.5"},{"dst":"10.0.0.0/16","gw":"10.0.1.1"}]""",
            first["routes"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(first, again));
        Assert.Equal(
            new Dictionary<string, string> { ["10.0.1.16"] = "c1\nnet1\n", ["2600:1f14:1:2:a::"] = "c1\nnet1\n" },
            _data.Allocations());
    }

    [Fact]
    public async Task A_hundred_concurrent_adds_get_a_hundred_distinct_addresses()
    {
        _data.WriteRanges(EightPrefixes);
        var config = _data.Config();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => IpamPlugin.RunAsync("ADD", config, containerId: $"pod{i}")));

        var addresses = outcomes.Select(o => (string)o.Succeeded().Json["ips"]![0]!["address"]!).ToList();
        Assert.Equal(100, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.EndsWith("/24", a, StringComparison.Ordinal));
        var allocations = _data.Allocations();
        Assert.Equal(100, allocations.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"pod{i}\nnet1\n").Order(), allocations.Values.Order());
    }

    [Fact]
    public async Task Del_frees_the_address_is_idempotent_and_the_freed_address_is_not_given_again_at_once()
    {
        _data.WriteRanges("""[{"cidr":"10.0.1.16/30"}]""");
        var config = _data.Config();
        var first = (string)(await IpamPlugin.RunAsync("ADD", config)).Succeeded().Json["ips"]![0]!["address"]!;

        (await IpamPlugin.RunAsync("DEL", config)).Succeeded();
        Assert.Empty(_data.Allocations());
        (await IpamPlugin.RunAsync("DEL", config)).Succeeded();
        var next = (string)(await IpamPlugin.RunAsync("ADD", config, containerId: "c2")).Succeeded().Json["ips"]![0]!["address"]!;

        Assert.Equal(("10.0.1.16/24", "10.0.1.17/24"), (first, next));
    }

    [Fact]
    public async Task A_draining_range_gives_no_new_address_but_its_allocations_stay_valid_for_add_check_and_del()
    {
        _data.WriteRanges("""[{"cidr":"10.0.1.9/32"}]""");
        var config = _data.Config();
        var added = (await IpamPlugin.RunAsync("ADD", config)).Succeeded();
        _data.WriteRanges("""[{"cidr":"10.0.1.9/32","draining":true},{"cidr":"10.0.1.16/28"}]""");

        var repeated = (await IpamPlugin.RunAsync("ADD", config)).Succeeded().Json;
        var other = (await IpamPlugin.RunAsync("ADD", config, containerId: "c2")).Succeeded().Json;
        (await IpamPlugin.RunAsync("CHECK", WithPrevResult(config, added))).Succeeded();
        (await IpamPlugin.RunAsync("DEL", config)).Succeeded();

        Assert.Equal("10.0.1.9/24", (string)repeated["ips"]![0]!["address"]!);
        Assert.Equal("10.0.1.16/24", (string)other["ips"]![0]!["address"]!);
        Assert.Equal(["10.0.1.16"], _data.Allocations().Keys);
    }

    [Fact]
    public async Task Gc_reclaims_what_a_crash_between_allocation_and_result_left_and_keeps_what_the_runtime_lists()
    {
        _data.WriteRanges("""[{"cidr":"10.0.1.16/30"}]""");
        var config = _data.Config();
        (await IpamPlugin.RunAsync("ADD", config)).Succeeded();
        // What a plugin killed after its rename leaves: a whole allocation for a container whose ADD never returned.
        (await IpamPlugin.RunAsync("ADD", config, containerId: "crashed")).Succeeded();
        // And a file no plugin of this store writes in place (a foreign half file): it names no owner.
        await File.WriteAllTextAsync(Path.Combine(_data.AllocationsDirectory, "10.0.1.18"), "half", TestContext.Current.CancellationToken);

        var gc = await IpamPlugin.RunAsync("GC", _data.Config(edit: c => c["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "c1", ["ifname"] = "net1" })));

        gc.Succeeded();
        Assert.Equal("", gc.Output);
        Assert.Equal(new Dictionary<string, string> { ["10.0.1.16"] = "c1\nnet1\n" }, _data.Allocations());
        Assert.Equal(7, (await IpamPlugin.RunAsync("GC", config)).ErrorCode);
    }

    [Fact]
    public async Task Check_passes_for_the_adds_result_and_fails_when_the_reservation_differs_or_is_gone()
    {
        _data.WriteRanges("""[{"cidr":"10.0.1.16/28"}]""");
        var config = _data.Config();
        var added = (await IpamPlugin.RunAsync("ADD", config)).Succeeded();

        var passed = await IpamPlugin.RunAsync("CHECK", WithPrevResult(config, added));
        var otherAddress = await IpamPlugin.RunAsync("CHECK", WithPrevResult(config, added with { Output = added.Output.Replace("10.0.1.16/24", "10.0.1.20/24", StringComparison.Ordinal) }));
        _data.WriteRanges("""[{"cidr":"10.0.1.32/28"}]""");
        var rangeGone = await IpamPlugin.RunAsync("CHECK", WithPrevResult(config, added));
        (await IpamPlugin.RunAsync("DEL", config)).Succeeded();
        var deleted = await IpamPlugin.RunAsync("CHECK", WithPrevResult(config, added));

        passed.Succeeded();
        Assert.Equal("", passed.Output);
        Assert.Equal((102, 102, 101), (otherAddress.ErrorCode, rangeGone.ErrorCode, deleted.ErrorCode));
    }

    [Fact]
    public async Task Status_is_code_50_without_ranges_or_free_addresses_and_success_while_an_add_would_succeed()
    {
        var config = _data.Config();
        var noRanges = await IpamPlugin.RunAsync("STATUS", config);
        _data.WriteRanges("""[{"cidr":"10.0.1.9/32"},{"cidr":"10.0.1.16/28","draining":true}]""");
        var ready = await IpamPlugin.RunAsync("STATUS", config);
        (await IpamPlugin.RunAsync("ADD", config)).Succeeded();
        var exhausted = await IpamPlugin.RunAsync("STATUS", config);
        var addWhenExhausted = await IpamPlugin.RunAsync("ADD", config, containerId: "c2");
        var oldVersion = await IpamPlugin.RunAsync("STATUS", _data.Config(cniVersion: "1.0.0"));

        Assert.Equal(50, noRanges.ErrorCode);
        Assert.Contains("agent has not written", (string)noRanges.Json["msg"]!, StringComparison.Ordinal);
        Assert.Equal((0, ""), (ready.ExitCode, ready.Output));
        Assert.Equal(50, exhausted.ErrorCode);
        Assert.Equal((11, 1), (addWhenExhausted.ErrorCode, oldVersion.ErrorCode));
    }

    [Theory]
    [InlineData("not json", 6)]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","type":"macvlan","ipam":{"type":"awsmultieni-ipam"}}""", 7)]
    [InlineData("""{"cniVersion":"0.9.9","name":"n","type":"macvlan","master":"multus0","ipam":{"type":"awsmultieni-ipam"}}""", 1)]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","type":"macvlan","master":"../etc","ipam":{"type":"awsmultieni-ipam"}}""", 7)]
    public async Task Bad_configuration_is_a_cni_error_with_its_code(string config, int code)
    {
        var outcome = await IpamPlugin.RunAsync("ADD", config);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(code, outcome.ErrorCode);
        Assert.False(string.IsNullOrEmpty((string?)outcome.Json["msg"]));
    }

    [Fact]
    public async Task Missing_ranges_environment_and_version_probe_answer_per_the_spec()
    {
        var noRanges = await IpamPlugin.RunAsync("ADD", _data.Config());
        var noContainer = await IpamPlugin.RunAsync("ADD", _data.Config(), containerId: "");
        var version = await IpamPlugin.RunAsync("VERSION", """{"cniVersion":"1.0.0"}""");

        Assert.Equal(11, noRanges.ErrorCode);
        Assert.Contains("agent has not written", (string)noRanges.Json["msg"]!, StringComparison.Ordinal);
        Assert.Equal(4, noContainer.ErrorCode);
        Assert.Contains("CNI_CONTAINERID", (string)noContainer.Json["msg"]!, StringComparison.Ordinal);
        Assert.Equal("""{"cniVersion":"1.0.0","supportedVersions":["1.0.0","1.1.0"]}""", version.Succeeded().Output);
    }

    public void Dispose() => _data.Dispose();

    private static string WithPrevResult(string config, CniOutcome added)
    {
        var node = JsonNode.Parse(config)!;
        node["prevResult"] = added.Json;
        return node.ToJsonString();
    }
}
