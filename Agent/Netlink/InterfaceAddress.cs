using System.Globalization;
using System.Net;

namespace AwsMultiEni.Agent.Netlink;

/// <summary>An address assigned to a link, as rtnetlink describes it.</summary>
/// <param name="Scope">RT_SCOPE_*: 0 universe (global), 200 site, 253 link, 254 host.</param>
public sealed record InterfaceAddress(int LinkIndex, IPAddress Address, int PrefixLength, byte Scope)
{
    private const byte LinkScope = 253;

    /// <summary>
    /// Whether the address serves traffic beyond the link itself. The IPv6 link-local address the kernel gives every
    /// link that is up serves nothing of the node's; any other means something configured the link to be used.
    /// </summary>
    public bool InUse => Scope < LinkScope;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");
}
