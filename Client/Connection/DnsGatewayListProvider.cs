using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace AwsMultiEni.Client.Connection;

/// <summary>
/// The configured gateways, their host names resolved on every refresh: a headless Service's DNS
/// name then follows the silo pods as they come and go.
/// </summary>
public sealed partial class DnsGatewayListProvider(
    IReadOnlyList<GatewayEndpoint> gateways,
    IOptions<GatewayOptions> gatewayOptions,
    ILogger<DnsGatewayListProvider> logger) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => gatewayOptions.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var uris = new List<Uri>();
        foreach (var gateway in gateways)
        {
            foreach (var address in await ResolveAsync(gateway, cancellationToken))
            {
                uris.Add(SiloAddress.New(new IPEndPoint(address, gateway.Port), 0).ToGatewayUri());
            }
        }

        return uris;
    }

    private async Task<IPAddress[]> ResolveAsync(GatewayEndpoint gateway, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(gateway.Host, out var address))
        {
            return [address];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(gateway.Host, cancellationToken);
        }
        catch (SocketException ex)
        {
            LogUnresolved(gateway.ToString(), ex.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo gateway {Gateway} does not resolve: {Error}")]
    private partial void LogUnresolved(string gateway, string error);
}
