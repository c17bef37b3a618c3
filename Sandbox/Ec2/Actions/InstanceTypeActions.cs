using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;
using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>DescribeInstanceTypes, from <see cref="InstanceTypeCatalog"/>.</summary>
internal static class InstanceTypeActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["DescribeInstanceTypes"] = (_, request) =>
        {
            var wanted = request.List("InstanceType");
            var unknown = wanted.Where(type => !InstanceTypeCatalog.All.ContainsKey(type)).ToList();
            if (unknown.Count > 0)
            {
                throw new Ec2ApiError("InvalidInstanceType", $"The following supplied instance types do not exist: [{string.Join(", ", unknown)}]");
            }

            var types = (wanted.Count > 0 ? wanted.Distinct(StringComparer.Ordinal).Select(type => InstanceTypeCatalog.All[type]) : InstanceTypeCatalog.All.Values)
                .OrderBy(type => type.InstanceType, StringComparer.Ordinal);
            var filtered = Ec2Filters.Apply(
                types,
                request.Filters(),
                new Ec2FilterAttributes<InstanceTypeLimits>
                {
                    ["instance-type"] = type => [type.InstanceType],
                    ["hypervisor"] = type => type.Hypervisor is null ? [] : [type.Hypervisor],
                    ["bare-metal"] = type => [type.BareMetal ? "true" : "false"],
                    ["network-info.maximum-network-interfaces"] = type => [type.MaximumNetworkInterfaces.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                },
                _ => new Dictionary<string, string>()).ToList();
            var (page, next) = Ec2Pagination.Page(filtered, request, 5, 100);
            return Ec2Describe.Page("instanceTypeSet", page.Select(type => new object?[]
            {
                E("instanceType", type.InstanceType), E("currentGeneration", true), E("bareMetal", type.BareMetal),
                type.Hypervisor is null ? null : E("hypervisor", type.Hypervisor),
                E("networkInfo",
                    E("maximumNetworkInterfaces", type.MaximumNetworkInterfaces), E("maximumNetworkCards", type.NetworkCards),
                    E("defaultNetworkCardIndex", 0), E("ipv4AddressesPerInterface", type.Ipv4AddressesPerInterface),
                    E("ipv6AddressesPerInterface", type.Ipv6AddressesPerInterface), E("ipv6Supported", type.Ipv6Supported),
                    Set("networkCards", Enumerable.Range(0, type.NetworkCards).Select(card => new object?[]
                    {
                        E("networkCardIndex", card), E("maximumNetworkInterfaces", type.InterfacesPerCard),
                    })),
                    E("enaSupport", "required")),
            }), next);
        },
    };
}
