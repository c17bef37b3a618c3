using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>
/// Secondary IPs and prefixes of ENIs, strict where EC2 is: prefixes only with the Nitro system, at most the instance
/// type's addresses per interface (a prefix counting as one), checked on assign to an attached ENI and on attach; an
/// unattached ENI takes any, as EC2's does. A call assigns all it asks for or nothing.
/// </summary>
internal sealed partial class Ec2World
{
    public AssignedAddresses AssignAddresses(EmulatedNetworkInterface eni, AddressRequest request)
    {
        request.Validate();
        if (request.NewIpv6Prefixes > 0 && eni.Subnet.Ipv6 is null)
        {
            throw Ec2ApiError.InvalidValue("Ipv6PrefixCount", request.NewIpv6Prefixes.ToString(System.Globalization.CultureInfo.InvariantCulture), $"The subnet '{eni.Subnet.SubnetId}' has no IPv6 CIDR block.");
        }

        if (eni.Attachment is { } attachment)
        {
            CheckAddressLimits(InstanceTypeCatalog.All[Instance(attachment.InstanceId).InstanceType], eni, request);
        }

        var secondaryIps = new List<string>();
        var ipv4Prefixes = new List<string>();
        var ipv6Prefixes = new List<string>();
        try
        {
            foreach (var address in request.SecondaryIps)
            {
                eni.Subnet.Addresses.ClaimAddress(address);
                secondaryIps.Add(address);
            }

            for (var i = 0; i < request.SecondaryIpCount; i++)
            {
                secondaryIps.Add(eni.Subnet.Addresses.AllocateAddress());
            }

            foreach (var prefix in request.Ipv4Prefixes)
            {
                eni.Subnet.Addresses.ClaimPrefix(prefix);
                ipv4Prefixes.Add(prefix);
            }

            for (var i = 0; i < request.Ipv4PrefixCount; i++)
            {
                ipv4Prefixes.Add(eni.Subnet.Addresses.AllocatePrefix());
            }

            foreach (var prefix in request.Ipv6Prefixes)
            {
                eni.Subnet.Ipv6!.Claim(prefix);
                ipv6Prefixes.Add(prefix);
            }

            for (var i = 0; i < request.Ipv6PrefixCount; i++)
            {
                ipv6Prefixes.Add(eni.Subnet.Ipv6!.Allocate());
            }
        }
        catch (Ec2ApiError)
        {
            Release(eni.Subnet, secondaryIps, ipv4Prefixes, ipv6Prefixes);
            throw;
        }

        eni.SecondaryIps.AddRange(secondaryIps);
        eni.Ipv4Prefixes.AddRange(ipv4Prefixes);
        eni.Ipv6Prefixes.AddRange(ipv6Prefixes);
        Changed(eni);
        return new AssignedAddresses(secondaryIps, ipv4Prefixes, ipv6Prefixes);
    }

    /// <summary>Removes exactly the named addresses; any of them not assigned to the ENI fails the whole call.</summary>
    public void UnassignAddresses(EmulatedNetworkInterface eni, IReadOnlyList<string> secondaryIps, IReadOnlyList<string> ipv4Prefixes, IReadOnlyList<string> ipv6Prefixes)
    {
        if (secondaryIps.Contains(eni.PrivateIpAddress))
        {
            throw Ec2ApiError.InvalidValue("PrivateIpAddress", eni.PrivateIpAddress, "The primary private IP address cannot be unassigned.");
        }

        if (secondaryIps.Except(eni.SecondaryIps).Any() || ipv4Prefixes.Except(eni.Ipv4Prefixes).Any() || ipv6Prefixes.Except(eni.Ipv6Prefixes).Any())
        {
            throw new Ec2ApiError("InvalidParameterValue", $"Some of the specified addresses are not assigned to interface {eni.NetworkInterfaceId}");
        }

        Release(eni.Subnet, [.. secondaryIps.Distinct()], [.. ipv4Prefixes.Distinct()], [.. ipv6Prefixes.Distinct()]);
        eni.SecondaryIps.RemoveAll(secondaryIps.Contains);
        eni.Ipv4Prefixes.RemoveAll(ipv4Prefixes.Contains);
        eni.Ipv6Prefixes.RemoveAll(ipv6Prefixes.Contains);
        Changed(eni);
    }

    /// <summary>The instance type's rules for an ENI's addresses, with <paramref name="adding"/> on top of what it holds.</summary>
    private static void CheckAddressLimits(InstanceTypeLimits limits, EmulatedNetworkInterface eni, AddressRequest adding)
    {
        if (!limits.SupportsPrefixes && (eni.Ipv4Prefixes.Count + adding.NewIpv4Prefixes + eni.Ipv6Prefixes.Count + adding.NewIpv6Prefixes) > 0)
        {
            throw new Ec2ApiError("InvalidParameterValue", $"Prefix delegation is not supported for the instance type '{limits.InstanceType}'.");
        }

        var ipv4 = eni.Ipv4Slots + adding.NewSecondaryIps + adding.NewIpv4Prefixes;
        if (ipv4 > limits.Ipv4AddressesPerInterface)
        {
            throw new Ec2ApiError(
                "PrivateIpAddressLimitExceeded",
                $"Number of private addresses will exceed limit: {ipv4} > {limits.Ipv4AddressesPerInterface} per interface for {limits.InstanceType} (a prefix counts as one).");
        }

        var ipv6 = eni.Ipv6Prefixes.Count + adding.NewIpv6Prefixes;
        if (ipv6 > 0 && (!limits.Ipv6Supported || ipv6 > limits.Ipv6AddressesPerInterface))
        {
            throw new Ec2ApiError(
                "PrivateIpAddressLimitExceeded",
                $"Number of IPv6 addresses will exceed limit: {ipv6} > {limits.Ipv6AddressesPerInterface} per interface for {limits.InstanceType} (a prefix counts as one).");
        }
    }

    /// <summary>Gives an ENI's addresses back to its subnet: when it is deleted, or a failed assign undoes itself.</summary>
    private static void Release(EmulatedSubnet subnet, IEnumerable<string> secondaryIps, IEnumerable<string> ipv4Prefixes, IEnumerable<string> ipv6Prefixes)
    {
        foreach (var address in secondaryIps)
        {
            subnet.Addresses.ReleaseAddress(address);
        }

        foreach (var prefix in ipv4Prefixes)
        {
            subnet.Addresses.ReleasePrefix(prefix);
        }

        foreach (var prefix in ipv6Prefixes)
        {
            subnet.Ipv6?.Release(prefix);
        }
    }

    /// <summary>Marks an ENI deleted and frees every address it held, the primary included.</summary>
    private void Retire(EmulatedNetworkInterface eni)
    {
        eni.Deleted = true;
        Release(eni.Subnet, [eni.PrivateIpAddress, .. eni.SecondaryIps], eni.Ipv4Prefixes, eni.Ipv6Prefixes);
        eni.SecondaryIps.Clear();
        eni.Ipv4Prefixes.Clear();
        eni.Ipv6Prefixes.Clear();
        Changed(eni);
    }
}
