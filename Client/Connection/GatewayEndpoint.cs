using System.Globalization;

namespace AwsMultiEni.Client.Connection;

/// <summary>A silo gateway as configured: a host name or address, and its port.</summary>
public sealed record GatewayEndpoint(string Host, int Port)
{
    public static bool TryParse(string text, out GatewayEndpoint endpoint)
    {
        endpoint = new GatewayEndpoint(string.Empty, 0);
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0
            || !int.TryParse(text![(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        endpoint = new GatewayEndpoint(text[..colon].Trim('[', ']'), port);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
