using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;
using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>AssignPrivateIpAddresses, UnassignPrivateIpAddresses, AssignIpv6Addresses, UnassignIpv6Addresses: secondary IPs and prefixes.</summary>
internal static class AddressActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["AssignPrivateIpAddresses"] = (world, request) =>
        {
            var (eni, assigned) = Assign(world, request, AddressParameters.OfAssignPrivate, "SecondaryPrivateIpAddressCount, PrivateIpAddress, Ipv4PrefixCount or Ipv4Prefix");
            return
            [
                E("networkInterfaceId", eni.NetworkInterfaceId),
                Set("assignedPrivateIpAddressesSet", assigned.SecondaryIps.Select(address => new object?[] { E("privateIpAddress", address) })),
                Set("assignedIpv4PrefixSet", assigned.Ipv4Prefixes.Select(prefix => new object?[] { E("ipv4Prefix", prefix) })),
            ];
        },
        ["UnassignPrivateIpAddresses"] = (world, request) =>
        {
            var eni = world.NetworkInterface(request.Required("NetworkInterfaceId"));
            var (addresses, prefixes) = (request.List("PrivateIpAddress"), request.List("Ipv4Prefix"));
            if (addresses.Count + prefixes.Count == 0)
            {
                throw Ec2ApiError.Missing("PrivateIpAddress or Ipv4Prefix");
            }

            world.UnassignAddresses(eni, addresses, prefixes, []);
            return [Return()];
        },
        ["AssignIpv6Addresses"] = (world, request) =>
        {
            var (eni, assigned) = Assign(world, request, AddressParameters.OfAssignIpv6, "Ipv6PrefixCount or Ipv6Prefix");
            return
            [
                E("networkInterfaceId", eni.NetworkInterfaceId),
                Set("assignedIpv6Addresses", []),
                Set("assignedIpv6PrefixSet", assigned.Ipv6Prefixes.Select(prefix => new object?[] { prefix })),
            ];
        },
        ["UnassignIpv6Addresses"] = (world, request) =>
        {
            var eni = world.NetworkInterface(request.Required("NetworkInterfaceId"));
            var prefixes = request.List("Ipv6Prefix");
            if (request.List("Ipv6Addresses").Count > 0 || prefixes.Count == 0)
            {
                throw Ec2ApiError.Missing("Ipv6Prefix");
            }

            world.UnassignAddresses(eni, [], [], prefixes);
            return
            [
                E("networkInterfaceId", eni.NetworkInterfaceId),
                Set("unassignedIpv6Addresses", []),
                Set("unassignedIpv6PrefixSet", prefixes.Select(prefix => new object?[] { prefix })),
            ];
        },
    };

    private static (EmulatedNetworkInterface Eni, AssignedAddresses Assigned) Assign(Ec2World world, Ec2QueryRequest request, Func<Ec2QueryRequest, AddressRequest> read, string parameters)
    {
        var eni = world.NetworkInterface(request.Required("NetworkInterfaceId"));
        var wanted = read(request);
        return wanted.IsEmpty ? throw Ec2ApiError.Missing(parameters) : (eni, world.AssignAddresses(eni, wanted));
    }
}
