using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Aws;

/// <summary>The EC2 contract against moto, a peer nobody here wrote.</summary>
public sealed class MotoEc2ContractTests(MotoServer moto) : Ec2GatewayContract, IClassFixture<MotoServer>
{
    protected override Uri Endpoint => moto.Url;
}
