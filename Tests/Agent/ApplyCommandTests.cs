using System.CommandLine;
using System.Text.Json;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Apply;
using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// <c>Agent apply</c> end to end: the built agent run with <c>ip netns exec</c> in a namespace of
/// the test's own, reading a desired file and printing its report; and its command line, which
/// needs no namespace.
/// </summary>
public sealed class ApplyCommandTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ame-apply-");
    private NetworkNamespace _network = null!;

    public async ValueTask InitializeAsync()
    {
        _network = await NetworkNamespace.CreateAsync();
        await _network.AddVethAsync("ens6", "02:1e:00:00:02:01");
        await _network.AddVethAsync("ens7", "02:1e:00:00:02:02");
    }

    // Null-safe: a failed InitializeAsync still gets here, and must not leave the directory behind.
    public async ValueTask DisposeAsync()
    {
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Converges_the_namespace_prints_the_report_and_exits_0()
    {
        // An interface that is already up is set down for its rename and up again.
        await _network.IpAsync("link", "set", "ens6", "up");

        var result = await ApplyAsync("""
            {"interfaces": [
              {"eniId": "eni-0a", "macAddress": "02:1E:00:00:02:01", "deviceIndex": 1, "mtu": 9001, "interfaceName": "multus0"},
              {"eniId": "eni-0b", "macAddress": "02:1e:00:00:02:02", "deviceIndex": 2, "mtu": 8000}
            ]}
            """);

        Assert.True(result.ExitCode == 0, result.Error);
        var report = JsonSerializer.Deserialize<NodeInterfaceReport>(result.Output, NodeJson.Options)!;
        Assert.Equal(
            [
                new ObservedInterface("eni-0a", "02:1E:00:00:02:01", "multus0", null, true, 9001, null, null),
                new ObservedInterface("eni-0b", "02:1e:00:00:02:02", "ens7", null, true, 8000, null, null),
            ],
            report.Interfaces);
        var renamed = (await _network.LinkByMacAsync("02:1e:00:00:02:01"))!;
        Assert.Equal(("multus0", 9001, true), (renamed.Name, renamed.Mtu, renamed.Up));
        var other = (await _network.LinkByMacAsync("02:1e:00:00:02:02"))!;
        Assert.Equal(("ens7", 8000, true), (other.Name, other.Mtu, other.Up));
        Assert.Contains("\"pciAddress\": null", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_each_failure_with_its_reason_and_exits_1()
    {
        var result = await ApplyAsync("""
            {"interfaces": [
              {"eniId": "eni-0a", "macAddress": "02:1e:00:00:02:01", "deviceIndex": 1, "mtu": 70000},
              {"eniId": "eni-0c", "macAddress": "02:1e:00:00:02:99", "deviceIndex": 3, "mtu": 9001},
              {"eniId": "eni-0b", "macAddress": "02:1e:00:00:02:02", "deviceIndex": 2, "mtu": 9001}
            ]}
            """, "--wait-seconds", "0.5");

        Assert.Equal(1, result.ExitCode);
        var report = JsonSerializer.Deserialize<NodeInterfaceReport>(result.Output, NodeJson.Options)!;
        Assert.StartsWith("EINVAL: set link", report.Interfaces[0].Error, StringComparison.Ordinal);
        Assert.Equal(("ens6", 1500), (report.Interfaces[0].Name, report.Interfaces[0].Mtu));
        Assert.Contains("No interface with MAC 02:1e:00:00:02:99", report.Interfaces[1].Error, StringComparison.Ordinal);
        Assert.Null(report.Interfaces[2].Error);
        Assert.Equal(1500, (await _network.LinkByMacAsync("02:1e:00:00:02:01"))!.Mtu);
    }

    [Fact]
    public async Task A_dpdk_eni_is_reported_on_its_driver_and_the_plugin_restart_is_left_to_the_operator_off_cluster()
    {
        // The fake kernel cannot react to another process's writes, so the device is bound here
        // first; the agent process then finds the binding in place and must leave it as it is.
        using var kernel = FakePciKernel.Create();
        kernel.AddNetDevice("eth1", FakePciKernel.EnaDevice, "02:1e:00:00:02:0d");
        var state = Path.Combine(_directory.FullName, "state.json");
        await new PciBinder(kernel, new HostStateFile(state), new NothingInUse(), new DriverReadiness(kernel, DpdkHostSettings.Default, NullLogger<DriverReadiness>.Instance), NullLogger<PciBinder>.Instance)
            .BindAsync(FakePciKernel.EnaDevice, "vfio-pci", "eni-0d", "02:1e:00:00:02:0d", TestContext.Current.CancellationToken);
        kernel.Writes.Clear();

        var result = await ApplyAsync(
            """
            {"interfaces": [{"eniId": "eni-0d", "macAddress": "02:1e:00:00:02:0d", "deviceIndex": 2, "mtu": 9001,
              "dpdk": {"driver": "vfio-pci", "resourceName": "intel.com/sriov_ena", "pciAddress": "0000:00:06.0"}}]}
            """,
            "--sysfs-root",
            kernel.Root);

        Assert.True(result.ExitCode == 0, result.Error);
        var report = JsonSerializer.Deserialize<NodeInterfaceReport>(result.Output, NodeJson.Options)!;
        Assert.Equal(new ObservedInterface("eni-0d", "02:1e:00:00:02:0d", null, "0000:00:06.0", false, null, "vfio-pci", null), Assert.Single(report.Interfaces));
        Assert.Contains("restart this node's device plugin pod yourself", result.Error, StringComparison.Ordinal);
        Assert.Contains("\"0000:00:06.0\"", await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "config.json"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("vfio-pci", kernel.Driver(FakePciKernel.EnaDevice));
    }

    [Fact]
    public async Task A_desired_file_without_a_required_field_is_a_usage_error()
    {
        var result = await ApplyAsync("""{"interfaces": [{"eniId": "eni-0a", "deviceIndex": 1, "mtu": 9001}]}""");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("macAddress", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Help_lists_the_options_with_their_defaults()
    {
        var result = await AgentAsync("apply", "--help");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("--desired <FILE.json> (REQUIRED)", result.Output, StringComparison.Ordinal);
        Assert.Contains("--wait-seconds <N>", result.Output, StringComparison.Ordinal);
        Assert.Contains("[default: 30]", result.Output, StringComparison.Ordinal);
        Assert.Contains("[default: app=sriovdp]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_not_given_take_their_documented_defaults()
    {
        var options = new ApplyOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var parsed = command.Parse(["--desired", "desired.json"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(
            new ApplyArguments("desired.json", "/sys", "/etc/pcidp/config.json", "/var/lib/awsmultieni/agent-state.json", "/var/lib/awsmultieni/ipam", TimeSpan.FromSeconds(30), "kube-system", "app=sriovdp", "intel.com", new Uri("http://169.254.169.254/"), DpdkHostSettings.Default),
            options.Read(parsed));
    }

    [Theory]
    [InlineData(new[] { "apply", "--desired", "desired.json", "--wait-secs", "5" }, "'--wait-secs'")]
    [InlineData(new[] { "apply", "--desired" }, "missing for option: '--desired'")]
    [InlineData(new[] { "apply", "--desired", "desired.json", "--wait-seconds", "0" }, "Option '--wait-seconds' must be a positive number, not '0'.")]
    [InlineData(new[] { "apply", "--sysfs-root", "/sys" }, "Option '--desired' is required.")]
    [InlineData(new[] { "frobnicate" }, "'frobnicate'")]
    [InlineData(new[] { "apply", "--desired", "desired.json", "--plugin-labels", "" }, "would match other pods on the node")]
    [InlineData(new[] { "apply", "--desired", "desired.json", "--resource-prefix", "" }, "is not a lower-case DNS name")]
    [InlineData(new[] { "apply", "--desired", "desired.json", "--instance-metadata", "imds.local" }, "'imds.local' is not an absolute http URL")]
    public async Task A_command_line_that_cannot_run_exits_2_saying_what_to_fix(string[] args, string expected)
    {
        var result = await AgentAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("agent: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    private static Task<CommandResult> AgentAsync(params string[] args) =>
        CommandRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "AwsMultiEni.Agent.dll"), .. args]);

    private async Task<CommandResult> ApplyAsync(string desired, params string[] options)
    {
        var desiredPath = Path.Combine(_directory.FullName, "desired.json");
        await File.WriteAllTextAsync(desiredPath, desired, TestContext.Current.CancellationToken);
        return await CommandRun.RunAsync(
            "ip",
            [
                "netns", "exec", _network.Name, "dotnet", Path.Combine(AppContext.BaseDirectory, "AwsMultiEni.Agent.dll"), "apply",
                "--desired", desiredPath,
                "--state", Path.Combine(_directory.FullName, "state.json"),
                "--sriov-config", Path.Combine(_directory.FullName, "config.json"),
                .. options,
            ]);
    }
}
