using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Silo.Security;

namespace AwsMultiEni.Tests.Security;

/// <summary>
/// Every grain method the dashboard's code calls (pages, components, the feed: all compiled into its assembly) is one
/// the read-only dashboard role may call, read from the method references in the dashboard's compiled code, so a new
/// page that calls an unmarked method fails here rather than in a cluster.
/// </summary>
public sealed class DashboardReadCallsTests
{
    [Fact]
    public void Every_grain_method_the_dashboard_calls_is_a_read()
    {
        var called = GrainMethodsCalledBy(typeof(AwsMultiEni.Dashboard.DashboardClientSettings).Assembly);

        Assert.Contains(called, m => m.DeclaringType == typeof(INodeGrain) && m.Name == nameof(INodeGrain.GetReport));
        Assert.Contains(called, m => m.DeclaringType == typeof(IManagementGrain));
        Assert.All(called, m => Assert.True(CallPermissions.IsRead(m), $"{m.DeclaringType!.Name}.{m.Name} is called by the dashboard but not marked [ReadCall]"));
    }

    [Fact]
    public void A_method_that_changes_the_fleet_is_not_a_read()
    {
        Assert.False(CallPermissions.IsRead(typeof(IFleetGrain).GetMethod(nameof(IFleetGrain.Register))!));
        Assert.True(CallPermissions.IsRead(typeof(IFleetGrain).GetMethod(nameof(IFleetGrain.ListClusters))!));
    }

    /// <summary>The grain interface methods <paramref name="assembly"/> references, resolved by name against the interfaces it names.</summary>
    private static List<MethodInfo> GrainMethodsCalledBy(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var methods = new List<MethodInfo>();
        foreach (var handle in metadata.MemberReferences)
        {
            var reference = metadata.GetMemberReference(handle);
            if (reference.GetKind() != MemberReferenceKind.Method || reference.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var type = metadata.GetTypeReference((TypeReferenceHandle)reference.Parent);
            var fullName = $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}";
            if (Resolve(fullName) is { IsInterface: true } grain && typeof(IAddressable).IsAssignableFrom(grain) && !typeof(IGrainObserver).IsAssignableFrom(grain))
            {
                var name = metadata.GetString(reference.Name);
                methods.AddRange(grain.GetMethods().Where(m => m.Name == name));
            }
        }

        return methods;
    }

    private static Type? Resolve(string fullName) =>
        new[] { typeof(IFleetGrain).Assembly, typeof(IManagementGrain).Assembly }.Select(a => a.GetType(fullName)).FirstOrDefault(t => t is not null);
}
