using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox;

/// <summary><c>--ec2-endpoint</c>: the Sandbox seeds an EC2-compatible endpoint it did not start (moto) through the EC2 API alone.</summary>
public sealed class SandboxMotoSeedingTests(MotoServer moto) : IClassFixture<MotoServer>, IAsyncLifetime
{
    private SandboxProcess? _sandbox;

    public async ValueTask InitializeAsync()
    {
        await moto.ResetAsync();
        _sandbox = SandboxProcess.Start("--ec2-endpoint", moto.Url.ToString(), "--clusters", "2", "--nodes", "2");
    }

    [Fact]
    public async Task Seeds_moto_so_that_every_node_is_a_running_instance_there()
    {
        var manifest = await _sandbox!.WaitForManifestAsync();
        Assert.Equal(moto.Url.ToString().TrimEnd('/'), manifest.Ec2Endpoint);
        Assert.Equal(2, manifest.Clusters.Count);
        await _sandbox.WaitForOutputAsync($"EC2:        {manifest.Ec2Endpoint} (region us-east-1, external endpoint)");

        await SandboxWorldAssertions.NodesMatchInstancesAsync(manifest, 2, Path.Combine(_sandbox.StateDir, "kubectl-cache"));
        await SandboxWorldAssertions.ExampleNamesExistAsync(manifest);
        await SandboxWorldAssertions.ExamplesApplyAsync(manifest.Clusters[0], _sandbox.StateDir, Path.Combine(_sandbox.StateDir, "kubectl-cache"));
        Assert.Equal(0, await _sandbox.Process.TerminateAsync(TimeSpan.FromSeconds(30)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
