namespace AwsMultiEni.Agent.Netlink;

/// <summary>A network link as rtnetlink describes it.</summary>
/// <param name="MacAddress">Lower-case, colon-separated; empty for links without one.</param>
/// <param name="AdministrativelyUp">IFF_UP: someone set the link up.</param>
public sealed record Link(int Index, string Name, string MacAddress, int Mtu, bool AdministrativelyUp, OperState OperState)
{
    public static Link FromMessage(ReadOnlyMemory<byte> payload)
    {
        var header = IfInfoMessage.Read(payload.Span);
        var attributes = RtAttributes.Parse(payload[IfInfoMessage.Size..]);
        var address = attributes.Bytes(IfInfoMessage.AttributeAddress);
        return new Link(
            header.Index,
            attributes.String(IfInfoMessage.AttributeName) ?? string.Empty,
            address is { } bytes ? MacAddressText.Format(bytes.Span) : string.Empty,
            (int)(attributes.UInt32(IfInfoMessage.AttributeMtu) ?? 0),
            (header.Flags & IfInfoMessage.FlagUp) != 0,
            (OperState)(attributes.Byte(IfInfoMessage.AttributeOperState) ?? 0));
    }
}
