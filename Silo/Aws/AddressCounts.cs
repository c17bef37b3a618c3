namespace AwsMultiEni.Silo.Aws;

/// <summary>How many addresses of each kind to add to an ENI; EC2 picks which.</summary>
public sealed record AddressCounts(int Ipv4Prefixes, int SecondaryIpv4Addresses, int Ipv6Prefixes)
{
    public static readonly AddressCounts None = new(0, 0, 0);

    public bool IsNone => Ipv4Prefixes <= 0 && SecondaryIpv4Addresses <= 0 && Ipv6Prefixes <= 0;
}
