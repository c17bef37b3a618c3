using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Aws;

public sealed class Ec2ThrottleBucketsTests
{
    /// <summary>EC2 gives the address actions no bucket of their own: they draw from the mutating default, here and in the emulator.</summary>
    [Theory]
    [InlineData("AssignPrivateIpAddresses", Ec2ThrottleBuckets.MutatingName)]
    [InlineData("UnassignPrivateIpAddresses", Ec2ThrottleBuckets.MutatingName)]
    [InlineData("AssignIpv6Addresses", Ec2ThrottleBuckets.MutatingName)]
    [InlineData("UnassignIpv6Addresses", Ec2ThrottleBuckets.MutatingName)]
    [InlineData("AttachNetworkInterface", Ec2ThrottleBuckets.MutatingName)]
    [InlineData("CreateNetworkInterface", "CreateNetworkInterface")]
    [InlineData("DescribeInstanceTypes", Ec2ThrottleBuckets.NonMutatingName)]
    public void Maps_each_action_to_its_bucket(string action, string bucket)
    {
        Assert.Equal(bucket, Ec2ThrottleBuckets.BucketOf(action));
    }
}
