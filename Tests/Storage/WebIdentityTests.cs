using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// A silo process with only what EKS gives a pod for its AWS identity, no keys and no profile, gets credentials and
/// joins its cluster through DynamoDB (moto) with them: for IRSA a role ARN and a projected token file, exchanged with
/// STS AssumeRoleWithWebIdentity (moto's); for EKS Pod Identity the container-credentials URL and token file, asked of
/// the Pod Identity agent (played on loopback).
/// </summary>
public sealed class WebIdentityTests(SharedMotoServer moto) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("web-identity-");

    [Fact]
    public async Task A_silo_with_only_a_web_identity_token_assumes_its_role_and_becomes_ready()
    {
        var token = Path.Combine(_directory.FullName, "token");
        await File.WriteAllTextAsync(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXdzbXVsdGllbmk6YXdzbXVsdGllbmktc2lsbyJ9.c2lnbmF0dXJl", TestContext.Current.CancellationToken);
        var environment = WithoutKeys();
        environment["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/awsmultieni-silo";
        environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = token;
        environment["AWS_ROLE_SESSION_NAME"] = "awsmultieni-silo";
        environment["AWS_ENDPOINT_URL_STS"] = moto.Url.ToString();

        await using var silo = SiloProcess.Start(environment);

        await Poll.UntilAsync(silo.IsReadyAsync, TimeSpan.FromSeconds(90), "the silo to join its cluster with role credentials");
    }

    [Fact]
    public async Task A_silo_with_only_a_pod_identity_association_gets_its_credentials_from_the_agent_and_becomes_ready()
    {
        const string serviceAccountToken = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJwa3MuYW1hem9uYXdzLmNvbSJ9.c2lnbmF0dXJl";
        var token = Path.Combine(_directory.FullName, "eks-pod-identity-token");
        await File.WriteAllTextAsync(token, serviceAccountToken, TestContext.Current.CancellationToken);
        await using var agent = await FakePodIdentityAgent.StartAsync(serviceAccountToken);
        var environment = WithoutKeys();
        environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = agent.CredentialsUrl.ToString();
        environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = token;

        await using var silo = SiloProcess.Start(environment);

        await Poll.UntilAsync(silo.IsReadyAsync, TimeSpan.FromSeconds(90), "the silo to join its cluster with Pod Identity credentials");
        Assert.Contains("authorized", agent.Requests);
        Assert.DoesNotContain("refused", agent.Requests);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>The silo's DynamoDB environment without keys, and with no profile either: the pod's identity is the only way to credentials.</summary>
    private Dictionary<string, string> WithoutKeys()
    {
        var environment = SiloProcess.DynamoDBEnvironment(moto.Url, moto.Region);
        environment.Remove("AWS_ACCESS_KEY_ID");
        environment.Remove("AWS_SECRET_ACCESS_KEY");
        environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_directory.FullName, "no-credentials");
        environment["AWS_CONFIG_FILE"] = Path.Combine(_directory.FullName, "no-config");
        return environment;
    }
}
