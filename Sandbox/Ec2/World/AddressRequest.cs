using AwsMultiEni.Sandbox.Ec2.Protocol;

namespace AwsMultiEni.Sandbox.Ec2.World;

/// <summary>
/// Addresses asked for in one call: each kind either by count or by name, never both (EC2 refuses the mix with
/// InvalidParameterCombination).
/// </summary>
internal sealed record AddressRequest(
    int SecondaryIpCount,
    IReadOnlyList<string> SecondaryIps,
    int Ipv4PrefixCount,
    IReadOnlyList<string> Ipv4Prefixes,
    int Ipv6PrefixCount,
    IReadOnlyList<string> Ipv6Prefixes)
{
    public static readonly AddressRequest None = new(0, [], 0, [], 0, []);

    public int NewSecondaryIps => SecondaryIpCount + SecondaryIps.Count;

    public int NewIpv4Prefixes => Ipv4PrefixCount + Ipv4Prefixes.Count;

    public int NewIpv6Prefixes => Ipv6PrefixCount + Ipv6Prefixes.Count;

    /// <summary>What a ClientToken replay must match.</summary>
    public string Fingerprint =>
        $"{SecondaryIpCount}:{string.Join(',', SecondaryIps)}|{Ipv4PrefixCount}:{string.Join(',', Ipv4Prefixes)}|{Ipv6PrefixCount}:{string.Join(',', Ipv6Prefixes)}";

    public bool IsEmpty => NewSecondaryIps + NewIpv4Prefixes + NewIpv6Prefixes == 0;

    public void Validate()
    {
        Exclusive("SecondaryPrivateIpAddressCount", SecondaryIpCount, "PrivateIpAddress", SecondaryIps);
        Exclusive("Ipv4PrefixCount", Ipv4PrefixCount, "Ipv4Prefix", Ipv4Prefixes);
        Exclusive("Ipv6PrefixCount", Ipv6PrefixCount, "Ipv6Prefix", Ipv6Prefixes);
    }

    private static void Exclusive(string countName, int count, string listName, IReadOnlyList<string> list)
    {
        if (count < 0)
        {
            throw Ec2ApiError.InvalidValue(countName, count.ToString(System.Globalization.CultureInfo.InvariantCulture), "Expected a count of at least 0.");
        }

        if (count > 0 && list.Count > 0)
        {
            throw new Ec2ApiError("InvalidParameterCombination", $"You can't use {countName} together with {listName}.");
        }
    }
}

/// <summary>What one call assigned, in the order it assigned them.</summary>
internal sealed record AssignedAddresses(IReadOnlyList<string> SecondaryIps, IReadOnlyList<string> Ipv4Prefixes, IReadOnlyList<string> Ipv6Prefixes);
