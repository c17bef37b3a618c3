using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Agent.Apply;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// For test classes about one DPDK ENI: a node whose ENI <c>ens7</c> is on ena (a veth in the namespace, its device
/// in the sysfs layout), and the desired set that wants it on vfio-pci.
/// </summary>
public abstract class DpdkEniNode : IAsyncLifetime
{
    protected const string DpdkMac = "02:1e:00:00:06:02";
    protected const string DpdkPci = FakePciKernel.EnaDevice;

    protected static readonly DesiredInterfaceSet Desired = new([
        new DesiredInterface("eni-d", DpdkMac, 2, 9001, Dpdk: new DpdkBinding("vfio-pci", "intel.com/sriov_ena", DpdkPci)),
    ]);

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal SimulatedAgentNode Node { get; private set; } = null!;

    internal CountingRestarter Restarter { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Node = await SimulatedAgentNode.CreateAsync();
        await Node.AddPciEniAsync("ens7", DpdkMac, DpdkPci);
    }

    // Null-safe: a failed InitializeAsync still gets here.
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Node?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    internal NodeApplier Applier() => Node.Applier(Restarter, TimeSpan.FromSeconds(5));
}
