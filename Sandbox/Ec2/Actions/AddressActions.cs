using AwsMultiEni.Sandbox.Ec2.Protocol;
using static AwsMultiEni.Sandbox.Ec2.Protocol.Ec2Xml;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>AssignPrivateIpAddresses, UnassignPrivateIpAddresses, AssignIpv6Addresses, UnassignIpv6Addresses: secondary IPs and prefixes.</summary>
internal static class AddressActions
{
    public static IReadOnlyDictionary<string, Ec2Action> Actions { get; } = new Dictionary<string, Ec2Action>
    {
        ["AssignPrivateIpAddresses"] = (world, request) =>
        {
            var eni = world.NetworkInterface(request.Required("NetworkInterfaceId"));
            var wanted = AddressParameters.OfAssignPrivate(request);
            if (wanted.IsEmpty)
            {
                throw Ec2ApiError.Missing("SecondaryPrivateIpAddressCount, PrivateIpAddress, Ipv4PrefixCount or Ipv4Prefix");
            }

            var assigned = world.AssignAddresses(eni, wanted);
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
            var eni = world.NetworkInterface(request.Required("NetworkInterfaceId"));
            var wanted = AddressParameters.OfAssignIpv6(request);
            if (wanted.IsEmpty)
            {
                throw Ec2ApiError.Missing("Ipv6PrefixCount or Ipv6Prefix");
            }

            var assigned = world.AssignAddresses(eni, wanted);
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
}
