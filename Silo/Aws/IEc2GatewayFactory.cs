using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Gateways per region and role (clusters name their region, and a role when they live in another account). EC2 throttles
/// per account and region: the gateways of a region share its request budget, those of a role in another account that
/// account's.
/// </summary>
public interface IEc2GatewayFactory
{
    /// <summary>The gateway for <paramref name="region"/>, signing with <paramref name="role"/>'s credentials, or the silo's own when null.</summary>
    IEc2Gateway ForRegion(string region, MemberRole? role = null);
}
