using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Tests.Sandbox.Ec2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AwsMultiEni.Tests.Aws;

public sealed class Ec2MetricsTests
{
    [Fact]
    public async Task Counts_calls_errors_and_throttles_per_action_and_code()
    {
        await using var emulator = await Ec2Emulator.StartAsync(Ec2EmulatorFixture.FastOptions with { Seed = 3 }, cancellationToken: TestContext.Current.CancellationToken);
        using var client = Ec2TestClients.Client(emulator.Url);
        var world = await Ec2TestWorld.CreateAsync(client);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = string.Join(",", tags.ToArray().Select(tag => $"{tag.Key}={tag.Value}"));
            measured.AddOrUpdate($"{instrument.Name}[{labels}]", value, (_, total) => total + value);
        });
        listener.Start();
        var options = Ec2TestClients.FastRetries(maxAttempts: 30);
        var gateway = new Ec2Gateway(client, new Ec2RequestBudget(options.Budget, TimeProvider.System), new Ec2Metrics(meters), options, TimeProvider.System, NullLogger<Ec2Gateway>.Instance);
        emulator.Faults.Rules = [new Ec2FaultRule("CreateNetworkInterface", "RequestLimitExceeded", 0.5)];

        for (var i = 0; i < 6; i++)
        {
            await gateway.CreateNetworkInterfaceAsync(world.Eni(world.SubnetA, $"node-{i}"), TestContext.Current.CancellationToken);
        }

        var throttled = emulator.Calls.Count("CreateNetworkInterface", "RequestLimitExceeded");
        Assert.Equal(6 + throttled, measured.GetValueOrDefault("ec2.calls[action=CreateNetworkInterface]"));
        Assert.Equal(throttled, measured.GetValueOrDefault("ec2.errors[action=CreateNetworkInterface,code=RequestLimitExceeded]"));
        Assert.Equal(throttled, measured.GetValueOrDefault("ec2.throttles[action=CreateNetworkInterface]"));
        Assert.True(throttled > 0);
    }
}
