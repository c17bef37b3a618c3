using Amazon.DynamoDBv2;
using AwsMultiEni.Silo.Hosting;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AwsMultiEni.Tests.Storage;

/// <summary>Bad DynamoDB configuration stops the silo host at start-up with a message that says what to fix.</summary>
public sealed class SiloConfigurationTests(SharedMotoServer moto)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("Orleans:Clustering:Provider")]
    [InlineData("Orleans:Persistence:Provider")]
    public void An_unknown_provider_name_is_rejected_naming_the_key_and_the_known_providers(string key)
    {
        var builder = HostBuilder(new() { [key] = "Dynamo" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddFleetSilo());

        Assert.Contains($"'{key}' is 'Dynamo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_table_with_creation_off_fails_start_up_naming_the_table_and_the_setting()
    {
        var environment = SiloProcess.DynamoDBEnvironment(moto.Url, moto.Region);
        environment["Orleans__DynamoDB__CreateTables"] = "false";

        var error = await StartFailureAsync(environment);

        // Providers start concurrently, so whichever reaches its missing table first reports it.
        string[] tables = [environment["Orleans__DynamoDB__SilosTable"], environment["Orleans__DynamoDB__GrainStateTable"], environment["Orleans__DynamoDB__RemindersTable"]];
        Assert.Contains(tables, table => error.Contains($"DynamoDB table '{table}' does not exist", StringComparison.Ordinal));
        Assert.Contains("Orleans__DynamoDB__CreateTables", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_start_up_naming_the_endpoint_and_the_settings()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var error = await StartFailureAsync(SiloProcess.DynamoDBEnvironment(closed, moto.Region));

        Assert.Contains($"Cannot reach DynamoDB at {closed}", error, StringComparison.Ordinal);
        Assert.Contains("AWS_ENDPOINT_URL_DYNAMODB", error, StringComparison.Ordinal);
    }

    private static HostApplicationBuilder HostBuilder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    /// <summary>
    /// Runs the silo as its own process, as in production, where a start-up failure ends the process: Orleans leaves
    /// a silo whose start failed half-started (listeners open, system targets spinning), so it must not be tried in
    /// the test host. Returns what the process printed.
    /// </summary>
    private static async Task<string> StartFailureAsync(Dictionary<string, string> environment)
    {
        await using var silo = SiloProcess.Start(environment);

        var exitCode = await silo.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        return silo.Output;
    }
}
