using System.Net;
using System.Text;
using System.Xml.Linq;
using AwsMultiEni.Sandbox.Ec2.Actions;
using AwsMultiEni.Sandbox.Ec2.Iam;
using AwsMultiEni.Sandbox.Ec2.World;
using Microsoft.AspNetCore.Http;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>
/// One EC2 Query request (or STS AssumeRole) end to end: read the parameters (form body or query string), add latency, throttle,
/// inject faults, authorize the signing key (IAM), honour DryRun, run the action against the world under its lock, and answer in EC2's XML.
/// </summary>
internal sealed class Ec2RequestHandler(Ec2World world, Ec2Throttle throttle, Ec2FaultInjector faults, Ec2Authorizer authorizer, StsAssumeRole sts, Ec2CallLog calls, TimeSpan latency)
{
    public async Task HandleAsync(HttpContext context)
    {
        var arrived = calls.Now;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.Request.Query)
        {
            parameters[name] = value.ToString();
        }

        if (context.Request.HasFormContentType)
        {
            foreach (var (name, value) in await context.Request.ReadFormAsync(context.RequestAborted))
            {
                parameters[name] = value.ToString();
            }
        }

        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        var request = new Ec2QueryRequest(parameters);
        var requestId = Guid.NewGuid().ToString();
        var accessKeyId = SigV4Credential.AccessKeyId(context.Request);
        var (body, status) = request.Action == StsAssumeRole.Action
            ? AnswerSts(request, requestId, accessKeyId, arrived)
            : AnswerEc2(request, requestId, accessKeyId, arrived);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, context.RequestAborted);
    }

    private (XElement Body, HttpStatusCode Status) AnswerSts(Ec2QueryRequest request, string requestId, string? accessKeyId, TimeSpan arrived)
    {
        var (body, error) = sts.Handle(request, accessKeyId, requestId);
        calls.Record(new Ec2CallRecord(arrived, request.Action, error?.Code ?? Ec2CallLog.Ok, accessKeyId, Denial: error?.Message));
        return (body, error?.Status ?? HttpStatusCode.OK);
    }

    private (XElement Body, HttpStatusCode Status) AnswerEc2(Ec2QueryRequest request, string requestId, string? accessKeyId, TimeSpan arrived)
    {
        try
        {
            var (answer, lost) = Execute(request, requestId, accessKeyId);
            calls.Record(new Ec2CallRecord(arrived, request.Action, lost?.Code ?? Ec2CallLog.Ok, accessKeyId, CreatedNetworkInterfaceId(request.Action, answer)));
            return lost is null ? (answer, HttpStatusCode.OK) : (Ec2Xml.Error(lost.Code, lost.Message, requestId), lost.Status);
        }
        catch (Ec2ApiError error)
        {
            calls.Record(new Ec2CallRecord(arrived, request.Action, error.Code, accessKeyId, Denial: error.DeniedByPolicy ? error.Message : null));
            return (Ec2Xml.Error(error.Code, error.Message, requestId), error.Status);
        }
    }

    private static string? CreatedNetworkInterfaceId(string action, XElement body) =>
        action == "CreateNetworkInterface" ? body.Descendants().FirstOrDefault(e => e.Name.LocalName == "networkInterfaceId")?.Value : null;

    /// <summary>Runs the action; the answer, and the error that replaces it when an injected fault loses it after the effect.</summary>
    private (XElement Answer, Ec2ApiError? Lost) Execute(Ec2QueryRequest request, string requestId, string? accessKeyId)
    {
        var action = request.Action;
        if (action.Length == 0)
        {
            throw new Ec2ApiError("MissingAction", "The request must contain the parameter Action");
        }

        if (!Ec2ActionTable.All.TryGetValue(action, out var run))
        {
            throw new Ec2ApiError("InvalidAction", $"The action {action} is not valid for this web service.");
        }

        if (!throttle.Admit(action))
        {
            throw new Ec2ApiError("RequestLimitExceeded", "Request limit exceeded.", HttpStatusCode.ServiceUnavailable);
        }

        if (faults.Roll(action, afterEffect: false) is { } fault)
        {
            throw fault;
        }

        lock (world.Sync)
        {
            world.Settle();
            try
            {
                // IAM sees the world as it is now (tags, subnets), and DryRun answers whether the call is allowed.
                authorizer.Authorize(world, request, accessKeyId);
                if (request.Bool("DryRun") == true)
                {
                    throw new Ec2ApiError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", HttpStatusCode.PreconditionFailed);
                }

                return (Ec2Xml.Response(action, requestId, [.. run(world, request)]), faults.Roll(action, afterEffect: true));
            }
            finally
            {
                world.Publish();
            }
        }
    }
}
