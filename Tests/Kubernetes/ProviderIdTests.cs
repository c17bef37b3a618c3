using AwsMultiEni.Silo.Kubernetes;

namespace AwsMultiEni.Tests.Kubernetes;

public sealed class ProviderIdTests
{
    [Theory]
    [InlineData("aws:///us-east-1a/i-0123456789abcdef0", "us-east-1a", "i-0123456789abcdef0")]
    [InlineData("aws:////i-0123456789abcdef0", null, "i-0123456789abcdef0")]
    [InlineData("gce://project/zone/vm", null, null)]
    [InlineData("aws:///us-east-1a/", null, null)]
    [InlineData(null, null, null)]
    public void Parses_zone_and_instance(string? providerId, string? zone, string? instance) =>
        Assert.Equal((zone, instance), ProviderId.Parse(providerId));
}
