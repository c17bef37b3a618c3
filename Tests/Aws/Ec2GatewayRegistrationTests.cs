using Amazon.Runtime;
using AwsMultiEni.Silo.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Tests.Aws;

public sealed class Ec2GatewayRegistrationTests
{
    [Fact]
    public async Task Binds_the_Aws_Ec2_section_and_serves_a_gateway_per_region()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Ec2:Region"] = "eu-west-1",
            ["Aws:Ec2:Budget:Mutating:Capacity"] = "500",
            ["Aws:Ec2:Budget:Mutating:RefillPerSecond"] = "50",
            ["Aws:Ec2:MaxAttempts"] = "3",
            ["Aws:Ec2:BatchWindow"] = "00:00:00.05",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<AWSCredentials>(new BasicAWSCredentials("test", "test"))
            .AddEc2Gateway(configuration)
            .BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<Ec2GatewayOptions>>().Value;
        var factory = services.GetRequiredService<IEc2GatewayFactory>();

        Assert.Equal((500, 50.0), (options.Budget.Mutating.Capacity, options.Budget.Mutating.RefillPerSecond));
        Assert.Equal((100, 5.0), (options.Budget.CreateNetworkInterface.Capacity, options.Budget.CreateNetworkInterface.RefillPerSecond));
        Assert.Equal((3, TimeSpan.FromMilliseconds(50)), (options.MaxAttempts, options.BatchWindow));
        Assert.Same(factory.ForRegion("eu-west-1"), services.GetRequiredService<IEc2Gateway>());
        Assert.NotSame(factory.ForRegion("eu-west-1"), factory.ForRegion("us-east-1"));
    }

    [Fact]
    public async Task Refuses_settings_outside_what_EC2_accepts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Aws:Ec2:PageSize"] = "2000" }).Build();
        await using var services = new ServiceCollection().AddLogging().AddEc2Gateway(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<Ec2GatewayOptions>>().Value);

        Assert.Contains("PageSize 5..1000", error.Message, StringComparison.Ordinal);
    }
}
