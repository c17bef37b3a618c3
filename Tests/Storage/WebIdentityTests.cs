using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// A silo process with the environment EKS's pod identity webhook gives a pod for IRSA (a role ARN and a projected
/// token file, no keys) gets its credentials from STS AssumeRoleWithWebIdentity (moto's) and joins its cluster
/// through DynamoDB with them.
/// </summary>
public sealed class WebIdentityTests(SharedMotoServer moto) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("web-identity-");

    [Fact]
    public async Task A_silo_with_only_a_web_identity_token_assumes_its_role_and_becomes_ready()
    {
        var token = Path.Combine(_directory.FullName, "token");
        await File.WriteAllTextAsync(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXdzbXVsdGllbmk6YXdzbXVsdGllbmktc2lsbyJ9.c2lnbmF0dXJl", TestContext.Current.CancellationToken);
        var environment = SiloProcess.DynamoDBEnvironment(moto.Url, moto.Region);
        environment.Remove("AWS_ACCESS_KEY_ID");
        environment.Remove("AWS_SECRET_ACCESS_KEY");
        // No profile either: the role is the only way to credentials.
        environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_directory.FullName, "no-credentials");
        environment["AWS_CONFIG_FILE"] = Path.Combine(_directory.FullName, "no-config");
        environment["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/awsmultieni-silo";
        environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = token;
        environment["AWS_ROLE_SESSION_NAME"] = "awsmultieni-silo";
        environment["AWS_ENDPOINT_URL_STS"] = moto.Url.ToString();

        await using var silo = SiloProcess.Start(environment);

        await Poll.UntilAsync(silo.IsReadyAsync, TimeSpan.FromSeconds(90), "the silo to join its cluster with role credentials");
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
