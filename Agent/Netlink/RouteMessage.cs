using System.Runtime.InteropServices;

namespace AwsMultiEni.Agent.Netlink;

/// <summary><c>struct rtmsg</c>, the family header of every RTM_*ROUTE message, and what a route says about its links.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct RouteMessage
{
    public const int Size = 12;

    public const ushort NewRoute = 24;
    public const ushort GetRoute = 26;

    private const byte MainTable = 254;
    private const byte Unicast = 1;
    private const ushort AttributeOutputInterface = 4;
    private const ushort AttributeMultipath = 9;
    private const ushort AttributeTable = 15;

    /// <summary><c>struct rtnexthop</c>: length (2), flags (1), hops (1), then the output interface index (4).</summary>
    private const int NextHopInterfaceOffset = 4;

    public readonly byte Family;
    public readonly byte DestinationLength;
    public readonly byte SourceLength;
    public readonly byte Tos;
    public readonly byte Table;
    public readonly byte Protocol;
    public readonly byte Scope;
    public readonly byte Type;
    public readonly uint Flags;

    /// <summary>
    /// The links a default route of the main table leaves through (its output interface, or each next hop of a
    /// multipath route); empty for any other route.
    /// </summary>
    public static IEnumerable<int> DefaultRouteLinks(ReadOnlyMemory<byte> payload)
    {
        var header = MemoryMarshal.Read<RouteMessage>(payload.Span);
        var attributes = RtAttributes.Parse(payload[Size..]);
        var table = attributes.UInt32(AttributeTable) ?? header.Table;
        if (header.DestinationLength != 0 || header.Type != Unicast || table != MainTable)
        {
            return [];
        }

        if (attributes.UInt32(AttributeOutputInterface) is { } single)
        {
            return [(int)single];
        }

        return NextHops(attributes.Bytes(AttributeMultipath) ?? ReadOnlyMemory<byte>.Empty);
    }

    private static List<int> NextHops(ReadOnlyMemory<byte> multipath)
    {
        var links = new List<int>();
        for (var offset = 0; offset + NextHopInterfaceOffset + sizeof(int) <= multipath.Length;)
        {
            var span = multipath.Span[offset..];
            var length = MemoryMarshal.Read<ushort>(span);
            links.Add(MemoryMarshal.Read<int>(span[NextHopInterfaceOffset..]));
            offset += Math.Max(8, (length + 3) & ~3);
        }

        return links;
    }
}
