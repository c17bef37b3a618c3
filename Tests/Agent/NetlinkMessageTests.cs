using AwsMultiEni.Agent.Netlink;

namespace AwsMultiEni.Tests.Agent;

/// <summary>Message layout rules the kernel checks: lengths and four-byte attribute alignment.</summary>
public sealed class NetlinkMessageTests
{
    [Fact]
    public void Attributes_are_padded_to_four_bytes_and_read_back()
    {
        var bytes = new NetlinkMessageBuilder(IfInfoMessage.NewLink, NetlinkMessage.FlagRequest)
            .Append(new IfInfoMessage(7))
            .Attribute(IfInfoMessage.AttributeName, "eth1")
            .Attribute(IfInfoMessage.AttributeMtu, 9001u)
            .Build(sequence: 42);

        // 16 header + 16 ifinfomsg + (4 + "eth1\0" = 9, padded to 12) + (4 + 4).
        Assert.Equal(52, bytes.Length);
        var message = Assert.Single(NetlinkMessage.ParseAll(bytes));
        Assert.Equal((IfInfoMessage.NewLink, 42u), (message.Type, message.Sequence));
        var link = Link.FromMessage(message.Payload);
        Assert.Equal((7, "eth1", 9001), (link.Index, link.Name, link.Mtu));
    }

    [Theory]
    [InlineData("02:AB:cd:00:00:01", "02:ab:cd:00:00:01")]
    [InlineData("02-ab-cd-00-00-01", "02:ab:cd:00:00:01")]
    public void Mac_addresses_compare_in_one_canonical_form(string given, string canonical) =>
        Assert.Equal(canonical, MacAddressText.Normalize(given));

    [Fact]
    public void A_mac_address_that_is_not_one_is_refused() =>
        Assert.Throws<FormatException>(() => MacAddressText.Normalize("02:ab:cd"));
}
