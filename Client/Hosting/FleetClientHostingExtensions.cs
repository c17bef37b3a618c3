using AwsMultiEni.Client.Connection;
using AwsMultiEni.Client.Fleet;
using AwsMultiEni.Security;
using AwsMultiEni.Security.Tls;
using AwsMultiEni.Storage.Clustering.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

namespace AwsMultiEni.Client.Hosting;

/// <summary>Connects an application to the fleet as an Orleans client, the way the agent and the dashboard do.</summary>
public static class FleetClientHostingExtensions
{
    /// <summary>
    /// An Orleans client of the fleet, configured from the <c>AwsMultiEni</c> section and then <paramref name="configure"/>,
    /// with mutual TLS when <c>Security:Tls:Directory</c> is set, and a <see cref="FleetClient"/> to drive it.
    /// </summary>
    public static IHostApplicationBuilder AddAwsMultiEniClient(this IHostApplicationBuilder builder, Action<FleetClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new FleetClientOptions();
        builder.Configuration.GetSection(FleetClientOptions.SectionName).Bind(options);
        options.TokenFile = builder.Configuration[CallerTokenClientExtensions.TokenFileKey];
        configure?.Invoke(options);
        builder.UseOrleansClient(client => client.UseAwsMultiEniFleet(options).UseFleetTls(builder.Configuration));
        builder.Services.TryAddSingleton<FleetClient>();
        return builder;
    }

    /// <summary>
    /// Points an Orleans client at the fleet's gateways and cluster; refuses options it cannot use, saying why. An
    /// <see cref="IClientConnectionRetryFilter"/> registered after this call replaces the one it sets.
    /// </summary>
    public static IClientBuilder UseAwsMultiEniFleet(this IClientBuilder client, FleetClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The fleet client cannot connect: {string.Join(" ", problems)}", nameof(options));
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        client.Services.AddSingleton(options);
        client.UseCallerToken(options.TokenFile);
        client.Services.TryAddSingleton(TimeProvider.System);
        if (string.IsNullOrWhiteSpace(options.MembershipTable))
        {
            var gateways = options.Endpoints();
            client.Services.AddSingleton<IGatewayListProvider>(sp => ActivatorUtilities.CreateInstance<DnsGatewayListProvider>(sp, gateways));
        }
        else
        {
            // The silos own the table: a client that finds none has the wrong name or region, and must not create one.
            client.UseDynamoDBClustering(o =>
            {
                o.TableName = options.MembershipTable;
                o.CreateIfNotExists = false;
            });
        }

        // Orleans registers its own filter (15 linear retries, minutes in all) first; the last registration is the one used.
        client.Services.AddSingleton<IClientConnectionRetryFilter, RetryWhileNoGateway>();
        return client;
    }
}
