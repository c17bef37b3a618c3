using AwsMultiEni.Sandbox.Ec2;
using AwsMultiEni.Sandbox.Kubernetes;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Engine worlds run their silos with exactly the shipped permissions: the EC2 key bound to
/// <c>deploy/iam/silo-policy.json</c> and the cluster identity held to <c>deploy/cluster</c>'s RBAC. A world checks at
/// its end that nothing was refused, so every engine test fails on a call the code makes and the shipped policy or
/// RBAC does not allow, even when the engine got over the refusal.
/// </summary>
internal static class ShippedPermissions
{
    public static void AssertSufficed(Ec2Emulator? ec2, IEnumerable<EmulatedCluster> clusters)
    {
        string[] refused = [.. ec2?.Calls.Denials() ?? [], .. clusters.SelectMany(cluster => cluster.Denials.Select(denial => $"{cluster.Name}: {denial}"))];
        if (refused.Length > 0)
        {
            throw new InvalidOperationException($"The shipped IAM policy or RBAC refused the silos {refused.Length} time(s): {string.Join(" | ", refused.Distinct().Take(5))}");
        }
    }
}
