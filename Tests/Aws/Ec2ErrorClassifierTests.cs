using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Aws;

public sealed class Ec2ErrorClassifierTests
{
    [Theory]
    [InlineData("RequestLimitExceeded", 503, Ec2ErrorKind.Throttled)]
    [InlineData("Throttling", 400, Ec2ErrorKind.Throttled)]
    [InlineData("InternalError", 500, Ec2ErrorKind.Transient)]
    [InlineData("Unavailable", 503, Ec2ErrorKind.Transient)]
    [InlineData("SomethingNew", 502, Ec2ErrorKind.Transient)]
    [InlineData("UnauthorizedOperation", 403, Ec2ErrorKind.Unauthorized)]
    [InlineData("AuthFailure", 401, Ec2ErrorKind.Unauthorized)]
    [InlineData("InvalidNetworkInterfaceID.NotFound", 400, Ec2ErrorKind.NotFound)]
    [InlineData("InvalidAttachmentID.NotFound", 400, Ec2ErrorKind.NotFound)]
    [InlineData("AttachmentLimitExceeded", 400, Ec2ErrorKind.LimitExceeded)]
    [InlineData("PrivateIpAddressLimitExceeded", 400, Ec2ErrorKind.LimitExceeded)]
    [InlineData("InsufficientCidrBlocks", 400, Ec2ErrorKind.LimitExceeded)]
    [InlineData("InsufficientFreeAddressesInSubnet", 400, Ec2ErrorKind.LimitExceeded)]
    [InlineData("InvalidParameterValue", 400, Ec2ErrorKind.InvalidRequest)]
    [InlineData("InvalidNetworkInterface.InUse", 400, Ec2ErrorKind.Busy)]
    [InlineData(null, 400, Ec2ErrorKind.InvalidRequest)]
    public void Classifies_by_code_and_status(string? code, int status, Ec2ErrorKind expected)
    {
        Assert.Equal(expected, Ec2ErrorClassifier.Classify(code, status));
    }
}
