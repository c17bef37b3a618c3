using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>
/// How EC2's Query API spells addresses. CreateNetworkInterface takes structures (<c>PrivateIpAddresses.N.PrivateIpAddress</c>
/// with <c>.Primary</c>, <c>Ipv4Prefix.N.Ipv4Prefix</c>, <c>Ipv6Prefix.N.Ipv6Prefix</c>); the assign and unassign calls take
/// plain lists (<c>PrivateIpAddress.N</c>, <c>Ipv4Prefix.N</c>, <c>Ipv6Prefix.N</c>). Counts are <c>SecondaryPrivateIpAddressCount</c>,
/// <c>Ipv4PrefixCount</c> and <c>Ipv6PrefixCount</c> everywhere.
/// </summary>
internal static class AddressParameters
{
    public static AddressRequest OfCreate(Ec2QueryRequest request)
    {
        var secondaries = request.Structures("PrivateIpAddresses")
            .Where(entry => !string.Equals(entry.GetValueOrDefault("Primary"), "true", StringComparison.OrdinalIgnoreCase))
            .Select(entry => entry.GetValueOrDefault("PrivateIpAddress") ?? throw Ec2ApiError.Missing("PrivateIpAddresses.N.PrivateIpAddress"))
            .ToList();
        return new AddressRequest(
            Count(request, "SecondaryPrivateIpAddressCount"),
            secondaries,
            Count(request, "Ipv4PrefixCount"),
            Members(request, "Ipv4Prefix"),
            Count(request, "Ipv6PrefixCount"),
            Members(request, "Ipv6Prefix"));
    }

    public static AddressRequest OfAssignPrivate(Ec2QueryRequest request) => new(
        Count(request, "SecondaryPrivateIpAddressCount"), request.List("PrivateIpAddress"), Count(request, "Ipv4PrefixCount"), request.List("Ipv4Prefix"), 0, []);

    public static AddressRequest OfAssignIpv6(Ec2QueryRequest request)
    {
        if (request.List("Ipv6Addresses").Count > 0 || Count(request, "Ipv6AddressCount") > 0)
        {
            throw new Ec2ApiError("InvalidParameterValue", "This emulator assigns IPv6 prefixes only (Ipv6PrefixCount, Ipv6Prefix.N), not single IPv6 addresses.");
        }

        return new(0, [], 0, [], Count(request, "Ipv6PrefixCount"), request.List("Ipv6Prefix"));
    }

    private static int Count(Ec2QueryRequest request, string name) => request.Int(name) ?? 0;

    private static List<string> Members(Ec2QueryRequest request, string name) =>
        [.. request.Structures(name).Select(entry => entry.GetValueOrDefault(name) ?? throw Ec2ApiError.Missing($"{name}.N.{name}"))];
}
