using System.Text.Json.Nodes;
using AwsMultiEni.Agent.Sriov;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Agent;

public sealed class SriovConfigFileTests : IDisposable
{
    private const string Foreign = """
        {
          "resourcePrefix": "example.com",
          "resourceName": "mellanox_vf",
          "futureField": {"keep": [1, 2]},
          "selectors": [{"vendors": ["15b3"], "devices": ["1018"]}]
        }
        """;

    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ame-sriov-");
    private readonly List<IReadOnlySet<string>> _recorded = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string ConfigPath => Path.Combine(_directory.FullName, "config.json");

    private static SriovResource Ena => new("intel.com", "sriov_ena", ["vfio-pci"], ["0000:00:06.0"]);

    [Fact]
    public async Task Merges_its_entry_and_leaves_foreign_entries_and_unknown_fields_as_they_were()
    {
        await File.WriteAllTextAsync(ConfigPath, $$"""{"logLevel": 10, "resourceList": [{{Foreign}}]}""", Cancel);

        var result = await Config().MergeAsync([Ena], None, RecordAsync, Cancel);

        Assert.True(result.Changed);
        Assert.Equal(["intel.com/sriov_ena"], result.Owned);
        Assert.Equal(["intel.com/sriov_ena"], _recorded.Single());
        var document = JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath, Cancel))!;
        Assert.Equal(10, document["logLevel"]!.GetValue<int>());
        var list = document["resourceList"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Foreign), list[0]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                {"resourcePrefix": "intel.com", "resourceName": "sriov_ena", "selectors":
                  {"vendors": ["1d0f"], "devices": ["ec20", "ec21"], "drivers": ["vfio-pci"], "pciAddresses": ["0000:00:06.0"]}}
                """),
            list[1]));
    }

    [Fact]
    public async Task Unchanged_content_is_neither_rewritten_nor_reported_as_a_change()
    {
        var first = await Config().MergeAsync([Ena], None, RecordAsync, Cancel);
        var before = await StatAsync();

        var second = await Config().MergeAsync([Ena], first.Owned.ToHashSet(), RecordAsync, Cancel);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.Equal(before, await StatAsync());
        Assert.Single(_recorded);
    }

    [Fact]
    public async Task A_change_replaces_the_file_by_rename_and_leaves_no_temporary_file()
    {
        await File.WriteAllTextAsync(ConfigPath, $$"""{"resourceList": [{{Foreign}}]}""", Cancel);
        var before = await StatAsync();

        await Config().MergeAsync([Ena], None, RecordAsync, Cancel);

        Assert.NotEqual(before.Split(' ')[0], (await StatAsync()).Split(' ')[0]);
        Assert.Equal(["config.json"], _directory.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task Owned_entries_no_longer_wanted_are_removed_and_foreign_ones_stay()
    {
        await File.WriteAllTextAsync(ConfigPath, $$"""{"resourceList": [{{Foreign}}]}""", Cancel);
        var owned = (await Config().MergeAsync([Ena], None, RecordAsync, Cancel)).Owned.ToHashSet();

        var result = await Config().MergeAsync([], owned, RecordAsync, Cancel);

        Assert.True(result.Changed);
        Assert.Empty(result.Owned);
        var list = JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath, Cancel))!["resourceList"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Foreign), Assert.Single(list)));
    }

    [Fact]
    public async Task A_wanted_name_held_by_a_foreign_entry_is_a_conflict_and_the_foreign_entry_wins()
    {
        await File.WriteAllTextAsync(ConfigPath, $$"""{"resourceList": [{{Foreign}}]}""", Cancel);
        var before = await StatAsync();

        var result = await Config().MergeAsync([Ena with { Prefix = "example.com", Name = "mellanox_vf" }], None, RecordAsync, Cancel);

        Assert.False(result.Changed);
        Assert.Equal(["example.com/mellanox_vf"], result.Conflicts);
        Assert.Empty(result.Owned);
        Assert.Equal(before, await StatAsync());
    }

    /// <summary>
    /// The form every supported plugin reads: v3.3 to v3.5 unmarshal <c>selectors</c> into one object and drop an entry
    /// whose selectors are a list; v3.6 on try an object first. An entry an older agent wrote as a list is rewritten.
    /// </summary>
    [Fact]
    public async Task Selectors_are_one_object_and_an_owned_entry_written_as_a_list_is_rewritten_so()
    {
        await File.WriteAllTextAsync(ConfigPath, """
            {"resourceList": [{"resourcePrefix": "intel.com", "resourceName": "sriov_ena", "selectors": [
              {"vendors": ["1d0f"], "devices": ["ec20", "ec21"], "drivers": ["vfio-pci"], "pciAddresses": ["0000:00:06.0"]}]}]}
            """, Cancel);

        var result = await Config().MergeAsync([Ena], new HashSet<string> { "intel.com/sriov_ena" }, RecordAsync, Cancel);

        Assert.True(result.Changed);
        var selectors = JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath, Cancel))!["resourceList"]![0]!["selectors"];
        var selector = Assert.IsType<JsonObject>(selectors);
        Assert.Equal(["vendors", "devices", "drivers", "pciAddresses"], selector.Select(p => p.Key));
        Assert.Equal(["0000:00:06.0"], selector["pciAddresses"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task A_foreign_entry_without_a_prefix_has_the_configured_one_as_the_plugin_reads_it()
    {
        await File.WriteAllTextAsync(ConfigPath, """{"resourceList": [{"resourceName": "ena_dpdk", "selectors": {"vendors": ["1d0f"]}}]}""", Cancel);

        var result = await new SriovConfigFile(ConfigPath, new SriovResourceNaming("amazon.com"))
            .MergeAsync([Ena with { Prefix = "amazon.com", Name = "ena_dpdk" }], None, RecordAsync, Cancel);

        Assert.Equal(["amazon.com/ena_dpdk"], result.Conflicts);
        Assert.False(result.Changed);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private SriovConfigFile Config() => new(ConfigPath, SriovResourceNaming.Default);

    private Task RecordAsync(IReadOnlySet<string> owned, CancellationToken cancellationToken)
    {
        _recorded.Add(owned);
        return Task.CompletedTask;
    }

    /// <summary>Inode and nanosecond modification time: both stay when the file is not rewritten.</summary>
    private Task<string> StatAsync() => CommandRun.RequireAsync("stat", "-c", "%i %y", ConfigPath);
}
