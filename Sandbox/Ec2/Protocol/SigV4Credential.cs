using Microsoft.AspNetCore.Http;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>The credential scope of a SigV4 signature (<c>KEY/DATE/REGION/SERVICE/aws4_request</c>), in the Authorization header or a presigned query's X-Amz-Credential.</summary>
internal static class SigV4Credential
{
    /// <summary>The access key that signed the request; null when it is not signed.</summary>
    public static string? AccessKeyId(HttpRequest request) => Part(request, 0);

    /// <summary>The region the request was signed for; null when it is not signed.</summary>
    public static string? Region(HttpRequest request) => Part(request, 2);

    private static string? Part(HttpRequest request, int index)
    {
        var credential = request.Headers.Authorization.ToString() is { Length: > 0 } authorization && authorization.IndexOf("Credential=", StringComparison.Ordinal) is var at and >= 0
            ? authorization[(at + "Credential=".Length)..]
            : request.Query["X-Amz-Credential"].ToString();
        var parts = credential.Split(',')[0].Split('/');
        return parts.Length > 4 && parts[index].Length > 0 ? parts[index] : null;
    }
}
