namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// Runs after every other test of its process: fails the run, naming each, when anything a test started is still
/// running or the host still burns CPU.
/// </summary>
[Collection(SuiteEnd.Name)]
[Trait(TestProcess.Trait, TestProcess.Every)]
public sealed class SuiteEndTests(SharedMotoServer moto)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Nothing_a_test_started_is_still_running_and_the_host_is_idle()
    {
        var sentinel = new LeakSentinel(LiveResources.Global) { SharedProcesses = { moto.ProcessId } };

        var findings = await sentinel.InspectAsync(Window, TestContext.Current.CancellationToken);

        Assert.True(findings.Count == 0, $"Left behind by the tests of this process:\n  {string.Join("\n  ", findings)}");
    }
}
