namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Where this process's EC2, STS and EKS clients send their calls instead of where the SDK's conventions say
/// (<c>AWS_ENDPOINT_URL_EC2</c>, <c>AWS_ENDPOINT_URL_STS</c>, <c>AWS_ENDPOINT_URL_EKS</c>). Registered in DI only by in-process test worlds, where an
/// environment variable would reach every test at once; a silo follows the SDK.
/// </summary>
public sealed record AwsServiceUrls(Uri? Ec2 = null, Uri? Sts = null, Uri? Eks = null);
