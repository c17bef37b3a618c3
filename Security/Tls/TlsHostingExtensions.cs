using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace AwsMultiEni.Security.Tls;

/// <summary>
/// Mutual TLS on every Orleans connection of a silo (its silo port and its gateway, in and out) or of a client, from
/// <see cref="TlsSettings.Directory"/>; nothing changes when it is unset. Each side presents the directory's current
/// certificate and accepts only a peer certificate that chains to its current <c>ca.crt</c>, so a rotation applies
/// to every connection opened after it.
/// </summary>
public static class TlsHostingExtensions
{
    public static ISiloBuilder UseFleetTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!AddCertificateSource(silo.Services, configuration))
        {
            return silo;
        }

        return silo.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(connection => connection.UseServerTls(FleetTlsOptions(connection)));
            o.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(FleetTlsOptions(connection)));
            o.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(FleetTlsOptions(connection)));
        });
    }

    public static IClientBuilder UseFleetTls(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!AddCertificateSource(client.Services, configuration))
        {
            return client;
        }

        return client.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(connection => connection.UseClientTls(FleetTlsOptions(connection))));
    }

    private static bool AddCertificateSource(IServiceCollection services, IConfiguration configuration)
    {
        var settings = TlsSettings.From(configuration);
        if (!settings.Enabled)
        {
            return false;
        }

        services.TryAddSingleton(sp => new TlsCertificateSource(settings.Directory!, sp.GetRequiredService<ILogger<TlsCertificateSource>>()));
        return true;
    }

    /// <summary>
    /// Orleans' middleware fixes <see cref="TlsOptions.LocalCertificate"/> when it is built, so the certificate comes
    /// from the selectors instead, asked at every handshake. <see cref="TlsOptions.RemoteCertificateMode"/> makes a
    /// server refuse a client without a certificate; <see cref="TlsOptions.ClientCertificateMode"/> only governs the
    /// fixed certificate, which stays unset, and must not require one.
    /// </summary>
    private static TlsOptions FleetTlsOptions(IConnectionBuilder connection)
    {
        var source = connection.ApplicationServices.GetRequiredService<TlsCertificateSource>();
        return new TlsOptions
        {
            LocalServerCertificateSelector = (_, _) => source.Current.Certificate,
            LocalClientCertificateSelector = (_, _, _, _, _) => source.Current.Certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.AllowCertificate,
            // The policy errors judge the machine's trust store and the host name, neither of which applies here.
            RemoteCertificateValidation = (certificate, chain, _) => source.IsTrusted(certificate, chain),
        };
    }
}
