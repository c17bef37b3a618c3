namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>
/// One authorization IAM makes for a call: an action (<c>ec2:AttachNetworkInterface</c>) on one resource ARN, with the
/// request context's condition keys. A call that touches several resources is several of these, all of which must pass.
/// </summary>
internal sealed record IamRequest(string Action, string Resource, IamContext Context);
