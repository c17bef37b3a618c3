using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Aws;

/// <summary>The EC2 contract against moto, a peer nobody here wrote.</summary>
public sealed class MotoEc2ContractTests(SharedMotoServer moto) : Ec2GatewayContract
{
    protected override Uri Endpoint => moto.Url;
}
