using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>
/// STS <c>AssumeRole</c> for the emulated account's roles, answered on the EC2 endpoint (point
/// <c>AWS_ENDPOINT_URL_STS</c> at it). The caller needs both what IAM asks across accounts: its own policy allowing
/// <c>sts:AssumeRole</c> on the role, and the role's trust policy naming it, with conditions on <c>sts:ExternalId</c>.
/// The temporary keys it hands out are then held to the role's permission policy on every EC2 call.
/// </summary>
internal sealed class StsAssumeRole(Ec2Authorizer authorizer, IReadOnlyDictionary<string, (IamPolicy Trust, IamPolicy Permissions)> roles, TimeProvider time)
{
    public const string Action = "AssumeRole";

    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static StsAssumeRole Load(Ec2Authorizer authorizer, IReadOnlyDictionary<string, IamRole> roles, TimeProvider time) =>
        new(authorizer, roles.ToDictionary(
            pair => pair.Key,
            pair => (IamPolicy.ParseTrust(File.ReadAllText(pair.Value.TrustPolicyFile)), IamPolicy.Parse(File.ReadAllText(pair.Value.PermissionPolicyFile))),
            StringComparer.Ordinal), time);

    /// <summary>The answer's body, and the error it carries in STS's <c>ErrorResponse</c> shape when refused.</summary>
    public (XElement Body, Ec2ApiError? Error) Handle(Ec2QueryRequest request, string? accessKeyId, string requestId)
    {
        try
        {
            return (Assume(request, accessKeyId, requestId), null);
        }
        catch (Ec2ApiError error)
        {
            var body = new XElement(
                Ns + "ErrorResponse",
                new XElement(Ns + "Error", new XElement(Ns + "Type", "Sender"), new XElement(Ns + "Code", error.Code), new XElement(Ns + "Message", error.Message)),
                new XElement(Ns + "RequestId", requestId));
            return (body, error);
        }
    }

    private XElement Assume(Ec2QueryRequest request, string? accessKeyId, string requestId)
    {
        var roleArn = request.Required("RoleArn");
        var session = request.Required("RoleSessionName");
        var duration = TimeSpan.FromSeconds(request.Int("DurationSeconds") ?? 3600);
        if (duration < TimeSpan.FromMinutes(15) || duration > TimeSpan.FromHours(12))
        {
            throw new Ec2ApiError("ValidationError", "DurationSeconds must be between 900 and 43200.");
        }

        var caller = authorizer.PrincipalOf(accessKeyId);
        var context = new IamContext();
        if (request.String("ExternalId") is { } externalId)
        {
            context.Set("sts:ExternalId", externalId);
        }

        var check = new IamRequest("sts:AssumeRole", roleArn, context.Set("aws:PrincipalArn", caller));
        if (!roles.TryGetValue(roleArn, out var role)
            || !authorizer.Allows(accessKeyId, check)
            || IamEvaluator.EvaluateTrust(role.Trust, check, caller) != IamDecision.Allowed)
        {
            throw new Ec2ApiError("AccessDenied", $"User: {caller} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", HttpStatusCode.Forbidden);
        }

        var keyId = "ASIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var account = roleArn.Split(':')[4];
        authorizer.Bind(keyId, role.Permissions, $"arn:aws:sts::{account}:assumed-role/{roleName}/{session}");
        return new XElement(
            Ns + "AssumeRoleResponse",
            new XElement(
                Ns + "AssumeRoleResult",
                new XElement(
                    Ns + "Credentials",
                    new XElement(Ns + "AccessKeyId", keyId),
                    new XElement(Ns + "SecretAccessKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(30))),
                    new XElement(Ns + "SessionToken", Convert.ToBase64String(RandomNumberGenerator.GetBytes(96))),
                    new XElement(Ns + "Expiration", (time.GetUtcNow() + duration).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))),
                new XElement(
                    Ns + "AssumedRoleUser",
                    new XElement(Ns + "AssumedRoleId", $"AROA{RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17)}:{session}"),
                    new XElement(Ns + "Arn", $"arn:aws:sts::{account}:assumed-role/{roleName}/{session}"))),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId)));
    }
}
