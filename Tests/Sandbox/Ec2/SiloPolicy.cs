using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Tests.Aws;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Sandbox.Ec2;

/// <summary>
/// The shipped IAM policy, <c>deploy/iam/silo-policy.json</c>, bound in the EC2 emulator to the access key the silos of
/// test worlds sign with (<see cref="Ec2TestClients.FleetAccessKeyId"/>, and <see cref="Ec2TestClients.OtherFleetAccessKeyId"/> for a
/// second silo set): a call the code makes that the policy does not
/// allow is refused there as IAM would refuse it in an account. Every other key stays the account's admin, for arranging.
/// </summary>
internal static class SiloPolicy
{
    public static string FilePath { get; } = Path.Combine(RepositoryRoot.Path, "deploy", "iam", "silo-policy.json");

    public static Ec2EmulatorOptions BoundToFleetKey(this Ec2EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            IamPolicies = new Dictionary<string, string>(options.IamPolicies, StringComparer.Ordinal)
            {
                [Ec2TestClients.FleetAccessKeyId] = FilePath,
                [Ec2TestClients.OtherFleetAccessKeyId] = FilePath,
            },
        };
    }
}
