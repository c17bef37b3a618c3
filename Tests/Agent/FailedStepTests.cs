using AwsMultiEni.Abstractions.Nodes;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// A step the kernel refuses never leaves an ENI's link down, on the real kernel: a name another interface already
/// holds, a name the kernel rejects, an MTU above what the device takes. The other steps still happen, the link is up
/// at the end, and the report names what failed. Judged with <c>ip -j link</c> in the node's namespace.
/// </summary>
public sealed class FailedStepTests : IAsyncLifetime
{
    private const string EniMac = "02:1e:00:00:03:01";
    private const string OtherMac = "02:1e:00:00:03:02";

    private SimulatedAgentNode _node = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await SimulatedAgentNode.CreateAsync();
        await _node.Network.AddVethAsync("ens6", EniMac);
        await _node.Network.AddVethAsync("taken0", OtherMac);
        await _node.Network.IpAsync("link", "set", "ens6", "up");
    }

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync() => _node?.DisposeAsync() ?? ValueTask.CompletedTask;

    public static TheoryData<string, int, string, string, int, string> Refusals => new()
    {
        // name wanted, MTU wanted, what the kernel says, the name and MTU the link ends with
        { "taken0", 9001, "EEXIST", "ens6", 9001, "a name another interface holds" },
        { "multus/0", 9001, "EINVAL", "ens6", 9001, "a name the kernel rejects" },
        { "multus0", 70000, "EINVAL", "multus0", 1500, "an MTU above the device's maximum" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_step_is_reported_and_the_link_ends_up_with_every_other_step_applied(
        string name, int mtu, string errno, string endName, int endMtu, string refusal)
    {
        var desired = new DesiredInterfaceSet([new DesiredInterface("eni-r", EniMac, 1, mtu, name)]);

        var report = await _node.Applier(new CountingRestarter(), TimeSpan.FromSeconds(5)).ApplyAsync(desired, TestContext.Current.CancellationToken);

        var observed = Assert.Single(report.Interfaces);
        Assert.True(observed.Error?.StartsWith(errno, StringComparison.Ordinal) == true, $"{refusal}: reported '{observed.Error}'");
        var link = (await _node.Network.LinkByMacAsync(EniMac))!;
        Assert.Equal((endName, endMtu, true), (link.Name, link.Mtu, link.Up));
        Assert.Equal((endName, endMtu, true), (observed.Name, observed.Mtu, observed.Up));
        var other = (await _node.Network.LinkByMacAsync(OtherMac))!;
        Assert.Equal(("taken0", 1500, false), (other.Name, other.Mtu, other.Up));
    }
    [Fact]
    public async Task Of_two_enis_wanting_one_name_the_lower_device_index_gets_it_and_the_other_still_gets_its_mtu_and_comes_up()
    {
        var desired = new DesiredInterfaceSet(
        [
            new DesiredInterface("eni-b", OtherMac, 2, 9000, "multus0"),
            new DesiredInterface("eni-a", EniMac, 1, 9001, "multus0"),
        ]);

        var report = await _node.Applier(new CountingRestarter(), TimeSpan.FromSeconds(5)).ApplyAsync(desired, TestContext.Current.CancellationToken);

        Assert.Null(report.Interfaces[1].Error);
        Assert.Contains("also wanted by eni-a (device index 1)", report.Interfaces[0].Error, StringComparison.Ordinal);
        var first = (await _node.Network.LinkByMacAsync(EniMac))!;
        Assert.Equal(("multus0", 9001, true), (first.Name, first.Mtu, first.Up));
        var second = (await _node.Network.LinkByMacAsync(OtherMac))!;
        Assert.Equal(("taken0", 9000, true), (second.Name, second.Mtu, second.Up));
    }
}
