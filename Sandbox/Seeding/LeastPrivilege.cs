using Amazon.Runtime;

namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>
/// The Sandbox's <c>--least-privilege</c> mode on the AWS side: the silo signs its EC2 calls with an access key that the
/// emulator binds to <c>deploy/iam/silo-policy.json</c> exactly as shipped, while seeding keeps the account's admin.
/// </summary>
internal static class LeastPrivilege
{
    public const string SiloAccessKeyId = "AKIASANDBOXSILO00000";
    private const string PolicyResource = "AwsMultiEni.Sandbox.silo-policy.json";

    /// <summary>The silo's credentials; registered in the silo's services, they replace the default chain for its EC2 client.</summary>
    public static AWSCredentials SiloCredentials { get; } = new BasicAWSCredentials(SiloAccessKeyId, "sandbox");

    /// <summary>Writes the shipped policy to <c>DIR/silo-policy.json</c>, where the emulator reads it and a person sees what binds the silo.</summary>
    public static async Task<string> WritePolicyAsync(string stateDir)
    {
        var path = Path.Combine(stateDir, "silo-policy.json");
        await File.WriteAllTextAsync(path, EmbeddedFile.Read(PolicyResource));
        return path;
    }
}
