using AwsMultiEni.Abstractions.Fleet;

namespace AwsMultiEni.Silo.Grains.Fleet;

/// <summary>
/// The silo's own way into the registry, for clusters its configuration names: added without the registration-time EKS
/// check, which their ClusterGrain makes before it connects and reports as its watch error, so a silo starts whatever
/// one cluster's endpoint says.
/// </summary>
public interface IFleetRegistry : IGrainWithStringKey
{
    Task Add(ClusterRegistration registration);
}
