using AwsMultiEni.Agent.Interfaces;
using AwsMultiEni.Tests.Engine;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Tests.Agent;

/// <summary>The primary MAC from instance metadata where it answers (a loopback IMDSv2), and no MAC, without an error, where none does.</summary>
public sealed class InstanceMetadataTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_primary_mac_comes_in_canonical_form_through_an_imdsv2_session()
    {
        await using var imds = await FakeInstanceMetadataService.StartAsync("02:AB:00:00:00:01\n");
        using var logging = LoggerFactory.Create(_ => { });
        using var metadata = new InstanceMetadata(imds.Endpoint, logging.CreateLogger<InstanceMetadata>());

        Assert.Equal("02:ab:00:00:00:01", await metadata.PrimaryMacAsync(Cancel));
        Assert.Equal(["PUT /latest/api/token", "GET /latest/meta-data/mac (token)"], imds.Requests);
    }

    [Fact]
    public async Task Where_nothing_answers_there_is_no_primary_mac_and_that_is_said_once_without_asking_again_at_once()
    {
        var logs = new LogCapture();
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(logs.For("agent")));
        using var metadata = new InstanceMetadata(new Uri($"http://127.0.0.1:{FreePort.Next()}"), logging.CreateLogger<InstanceMetadata>());

        Assert.Null(await metadata.PrimaryMacAsync(Cancel));
        Assert.Null(await metadata.PrimaryMacAsync(Cancel));
        Assert.Equal(["agent"], logs.SilosThatSaid("No primary MAC from instance metadata"));
    }
}
