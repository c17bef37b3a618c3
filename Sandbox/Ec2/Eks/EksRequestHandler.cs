using System.Net;
using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Ec2.Iam;
using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;
using Microsoft.AspNetCore.Http;

namespace AwsMultiEni.Sandbox.Ec2.Eks;

/// <summary>
/// EKS's <c>DescribeCluster</c> (<c>GET /clusters/NAME</c>, JSON) beside the EC2 API, so that <c>AWS_ENDPOINT_URL_EKS</c>
/// can point at the emulator: authorized like an EC2 call (<c>eks:DescribeCluster</c> on
/// <c>arn:aws:eks:REGION:ACCOUNT:cluster/NAME</c>, region from the signature) and logged in the same call log.
/// Errors as EKS sends them: <c>x-amzn-ErrorType</c> and a JSON <c>message</c>.
/// </summary>
internal sealed class EksRequestHandler(EksClusterRegistry clusters, Ec2Authorizer authorizer, Ec2CallLog calls, string defaultRegion)
{
    private const string Action = "DescribeCluster";

    public async Task HandleAsync(HttpContext context, string name)
    {
        var arrived = calls.Now;
        var accessKeyId = SigV4Credential.AccessKeyId(context.Request);
        var region = SigV4Credential.Region(context.Request) ?? defaultRegion;
        var arn = $"arn:aws:eks:{region}:{Ec2World.OwnerId}:cluster/{name}";
        try
        {
            authorizer.Authorize(new IamRequest("eks:" + Action, arn, new IamContext().Set("aws:RequestedRegion", region)), accessKeyId);
        }
        catch (Ec2ApiError denied)
        {
            calls.Record(new Ec2CallRecord(arrived, Action, "AccessDeniedException", accessKeyId, Denial: denied.Message));
            await ErrorAsync(context, HttpStatusCode.Forbidden, "AccessDeniedException", denied.Message);
            return;
        }

        if (clusters.Find(name) is not { } cluster)
        {
            calls.Record(new Ec2CallRecord(arrived, Action, "ResourceNotFoundException", accessKeyId));
            await ErrorAsync(context, HttpStatusCode.NotFound, "ResourceNotFoundException", $"No cluster found for name: {name}.");
            return;
        }

        calls.Record(new Ec2CallRecord(arrived, Action, Ec2CallLog.Ok, accessKeyId));
        var body = new JsonObject
        {
            ["cluster"] = new JsonObject
            {
                ["name"] = cluster.Name,
                ["arn"] = arn,
                ["endpoint"] = cluster.Endpoint.ToString().TrimEnd('/'),
                ["certificateAuthority"] = new JsonObject { ["data"] = cluster.CertificateAuthority },
                ["status"] = "ACTIVE",
            },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static async Task ErrorAsync(HttpContext context, HttpStatusCode status, string type, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.Headers["x-amzn-ErrorType"] = type;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["message"] = message }.ToJsonString(), context.RequestAborted);
    }
}
