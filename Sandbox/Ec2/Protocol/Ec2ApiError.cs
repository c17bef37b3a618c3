using System.Net;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>An EC2 error answer: the code and message EC2 would send, and its HTTP status.</summary>
internal sealed class Ec2ApiError(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) : Exception(message)
{
    public string Code { get; } = code;

    public HttpStatusCode Status { get; } = status;

    /// <summary>IAM refused the call under the signing key's policy (an injected fault with the same code is not that).</summary>
    public bool DeniedByPolicy { get; init; }

    public static Ec2ApiError NotFound(string code, string kind, string id) => new(code, $"The {kind} ID '{id}' does not exist");

    public static Ec2ApiError InvalidValue(string parameter, string? value, string why) =>
        new("InvalidParameterValue", $"Invalid value '{value}' for {parameter}. {why}");

    public static Ec2ApiError Missing(string parameter) =>
        new("MissingParameter", $"The request must contain the parameter {parameter}");
}
