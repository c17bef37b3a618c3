namespace AwsMultiEni.Silo.Grains.Attachments;

/// <summary>What an ENI's pod addresses need next, by <see cref="AddressTarget.Decide"/>.</summary>
internal sealed record AddressDecision(AddressAction Action, int Ipv4Units = 0, int Ipv6Prefixes = 0, string? Range = null)
{
    public static readonly AddressDecision None = new(AddressAction.None);
}

internal enum AddressAction
{
    None,

    /// <summary>Assign until the ENI holds <see cref="AddressDecision.Ipv4Units"/> and <see cref="AddressDecision.Ipv6Prefixes"/>.</summary>
    Assign,

    /// <summary>Stop the node allocating from a range, the first step of giving it back.</summary>
    Drain,

    /// <summary>Allocate from a draining range again: the use grew back before it was returned, and it costs no EC2 call.</summary>
    Undrain,

    /// <summary>Give a drained range, reported empty by the node, back to EC2.</summary>
    Return,
}
