using AwsMultiEni.Agent.Pci;
using AwsMultiEni.Agent.State;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Agent;

/// <summary>
/// vfio-pci binding through a sysfs layout whose kernel reactions <see cref="FakePciKernel"/> plays.
/// A "restart" is a new <see cref="PciBinder"/> over the same state file.
/// </summary>
public sealed class PciBinderTests : IDisposable
{
    private const string Device = FakePciKernel.EnaDevice;
    private const string Mac = "02:00:00:00:06:00";
    private readonly FakePciKernel _kernel = FakePciKernel.Create();
    private readonly HostStateFile _state;

    public PciBinderTests() => _state = new HostStateFile(Path.Combine(_kernel.Root, "state", "agent-state.json"));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Binds_an_ena_device_to_vfio_pci_and_records_it()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);

        Assert.Equal("vfio-pci", _kernel.Driver(Device));
        Assert.Equal("vfio-pci", _kernel.Override(Device));
        Assert.Equal(
            [$"bus/pci/devices/{Device}/driver_override=vfio-pci", $"bus/pci/devices/{Device}/driver/unbind={Device}", $"bus/pci/drivers_probe={Device}"],
            _kernel.Writes);
        var record = Assert.Single(_state.Read().Bindings);
        Assert.Equal(new PciBindingRecord(Device, "vfio-pci", "ena", "eni-1", Mac, BindingPhase.Bound), record);
        Assert.Equal("ena", _kernel.Driver("0000:00:07.0"));
    }

    [Fact]
    public async Task Binding_again_writes_nothing()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        _kernel.Writes.Clear();

        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);

        Assert.Empty(_kernel.Writes);
        Assert.Equal("vfio-pci", _kernel.Driver(Device));
    }

    [Fact]
    public async Task Releasing_gives_the_device_back_to_ena_and_forgets_it()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);

        await Binder().ReleaseAsync(_state.Read().Bindings.Single(), Cancel);

        Assert.Equal("ena", _kernel.Driver(Device));
        Assert.Equal("(null)", _kernel.Override(Device));
        Assert.Empty(_state.Read().Bindings);
    }

    [Theory]
    [InlineData("/driver_override")]
    [InlineData("/unbind")]
    [InlineData("drivers_probe")]
    public async Task A_bind_interrupted_before_a_step_is_finished_after_a_restart(string step)
    {
        _kernel.CrashBefore = step;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel));
        Assert.Equal(BindingPhase.Binding, _state.Read().Bindings.Single().Phase);

        await Binder().RestoreAsync(Cancel);

        Assert.Equal("vfio-pci", _kernel.Driver(Device));
        Assert.Equal(new PciBindingRecord(Device, "vfio-pci", "ena", "eni-1", Mac, BindingPhase.Bound), _state.Read().Bindings.Single());
    }

    [Fact]
    public async Task A_release_interrupted_half_way_is_finished_after_a_restart()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        _kernel.CrashBefore = "drivers_probe";
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Binder().ReleaseAsync(_state.Read().Bindings.Single(), Cancel));
        Assert.Null(_kernel.Driver(Device));

        await Binder().RestoreAsync(Cancel);

        Assert.Equal("ena", _kernel.Driver(Device));
        Assert.Empty(_state.Read().Bindings);
    }

    [Fact]
    public async Task Bindings_come_back_after_a_reboot_from_the_state_file()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        _kernel.Reboot();
        Assert.Equal("ena", _kernel.Driver(Device));

        await Binder().RestoreAsync(Cancel);

        Assert.Equal("vfio-pci", _kernel.Driver(Device));
        Assert.Equal("vfio-pci", _kernel.Override(Device));
    }

    [Fact]
    public async Task After_a_reboot_a_slot_now_holding_another_eni_is_left_on_ena_and_forgotten()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        _kernel.Reboot();
        _kernel.ReplaceEni(Device, "02:00:00:00:99:99");
        _kernel.Reboot();
        _kernel.Writes.Clear();

        await Binder().RestoreAsync(Cancel);

        Assert.Equal("ena", _kernel.Driver(Device));
        Assert.Empty(_kernel.Writes);
        Assert.Empty(_state.Read().Bindings);
    }

    [Fact]
    public async Task A_restore_that_bound_devices_back_leaves_a_plugin_restart_pending_and_one_that_moved_nothing_does_not()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);

        await Binder().RestoreAsync(Cancel);
        Assert.False(_state.Read().PluginRestartPending);

        _kernel.Reboot();
        await Binder().RestoreAsync(Cancel);
        Assert.True(_state.Read().PluginRestartPending);
        Assert.Equal("vfio-pci", _kernel.Driver(Device));
    }

    [Fact]
    public async Task A_release_whose_unbind_blocks_reports_the_device_busy_at_its_deadline_and_finishes_once_the_device_is_let_go()
    {
        var binder = new PciBinder(_kernel, _state, new NothingInUse(), Readiness(), NullLogger<PciBinder>.Instance, TimeSpan.FromMilliseconds(200));
        await binder.BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        using var held = new ManualResetEventSlim(false);
        _kernel.UnbindGate = held;
        var attempts = _kernel.UnbindAttempts;
        try
        {
            var busy = await Assert.ThrowsAsync<PciBindingException>(() => binder.ReleaseAsync(_state.Read().Bindings.Single(), Cancel));
            var again = await Assert.ThrowsAsync<PciBindingException>(() => binder.ReleaseAsync(_state.Read().Bindings.Single(), Cancel));

            Assert.Contains("is busy", busy.Message, StringComparison.Ordinal);
            Assert.Contains("is busy", again.Message, StringComparison.Ordinal);
            Assert.Equal(attempts + 1, _kernel.UnbindAttempts);
            Assert.Equal(BindingPhase.Releasing, _state.Read().Bindings.Single().Phase);

            // The application closes the device: the blocked unbind returns, and the next release finishes the move.
            held.Set();
            await Poll.UntilAsync(() => _kernel.Driver(Device) is null, TimeSpan.FromSeconds(10), "the blocked unbind to return");
            await binder.ReleaseAsync(_state.Read().Bindings.Single(), Cancel);
        }
        finally
        {
            // A failed assertion must not leave the unbind thread blocked on the gate for the rest of the run.
            held.Set();
        }

        Assert.Equal("ena", _kernel.Driver(Device));
        Assert.Empty(_state.Read().Bindings);
    }

    [Fact]
    public async Task A_recorded_binding_never_skips_the_mac_check_while_a_kernel_interface_holds_the_device()
    {
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        _kernel.Reboot();
        _kernel.ReplaceEni(Device, "02:00:00:00:99:99");
        _kernel.Reboot();
        _kernel.Writes.Clear();

        // A desired set that still names eni-1 at the slot: the record agrees with it, the device does not.
        var error = await Assert.ThrowsAsync<PciBindingException>(() => Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel));

        Assert.Contains("another ENI holds the slot", error.Message, StringComparison.Ordinal);
        Assert.Equal("ena", _kernel.Driver(Device));
        Assert.Empty(_kernel.Writes);
    }

    [Fact]
    public async Task Restoring_forgets_a_device_that_is_gone_and_goes_on_past_one_that_fails()
    {
        const string Gone = "0000:00:05.0";
        const string Other = "0000:00:07.0";
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        await Binder().BindAsync(Other, "vfio-pci", "eni-2", "02:00:00:00:07:00", Cancel);
        var state = _state.Read();
        await _state.WriteAsync(
            state.With(new PciBindingRecord(Gone, "vfio-pci", "ena", "eni-0", "02:00:00:00:05:00", BindingPhase.Bound))
                .With(state.Binding(Other)! with { Driver = "igb_uio" }),
            Cancel);
        _kernel.Reboot();

        await Binder().RestoreAsync(Cancel);

        Assert.Equal("vfio-pci", _kernel.Driver(Device));
        Assert.Null(_state.Read().Binding(Gone));
        Assert.Equal([Device, Other], _state.Read().Bindings.Select(b => b.PciAddress).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_device_that_is_not_ena_is_never_touched()
    {
        var error = await Assert.ThrowsAsync<PciBindingException>(() => Binder().BindAsync("0000:00:08.0", "vfio-pci", "eni-1", Mac, Cancel));

        Assert.Contains("not an ENA device", error.Message, StringComparison.Ordinal);
        Assert.Empty(_kernel.Writes);
        Assert.Equal("ixgbe", _kernel.Driver("0000:00:08.0"));
    }

    [Fact]
    public async Task A_driver_that_is_not_loaded_is_refused_before_the_device_leaves_ena()
    {
        var error = await Assert.ThrowsAsync<PciBindingException>(() => Binder().BindAsync(Device, "igb_uio", "eni-1", Mac, Cancel));

        Assert.StartsWith("The igb_uio driver is not loaded (sysfs has no bus/pci/drivers/igb_uio) and the agent may not load it", error.Message, StringComparison.Ordinal);
        Assert.Empty(_kernel.Writes);
        Assert.Equal("ena", _kernel.Driver(Device));
        Assert.Empty(_state.Read().Bindings);
    }

    [Fact]
    public async Task A_bind_whose_probe_fails_gives_the_device_back_to_ena_and_forgets_it()
    {
        _kernel.FailingProbe = "vfio-pci";

        var error = await Assert.ThrowsAsync<PciBindingException>(() => Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel));

        Assert.Contains($"{Device} is on no driver after drivers_probe, not vfio-pci", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("The device was given back to ena.", error.Message, StringComparison.Ordinal);
        Assert.Equal("ena", _kernel.Driver(Device));
        Assert.Equal("(null)", _kernel.Override(Device));
        Assert.Empty(_state.Read().Bindings);

        // Once the driver takes devices again, the next bind goes through.
        _kernel.FailingProbe = null;
        await Binder().BindAsync(Device, "vfio-pci", "eni-1", Mac, Cancel);
        Assert.Equal("vfio-pci", _kernel.Driver(Device));
    }

    public void Dispose() => _kernel.Dispose();

    private PciBinder Binder() => new(_kernel, _state, new NothingInUse(), Readiness(), NullLogger<PciBinder>.Instance);

    private DriverReadiness Readiness() => new(_kernel, DpdkHostSettings.Default, NullLogger<DriverReadiness>.Instance);
}
