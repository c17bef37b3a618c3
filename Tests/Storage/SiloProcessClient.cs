using Amazon.DynamoDBv2;
using AwsMultiEni.Silo.Storage.Clustering.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace AwsMultiEni.Tests.Storage;

/// <summary>An Orleans client that finds silo processes through the DynamoDB membership table, as automation would.</summary>
internal sealed class SiloProcessClient : IAsyncDisposable
{
    private readonly IHost _host;

    private SiloProcessClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<SiloProcessClient> ConnectAsync(IAmazonDynamoDB dynamo, string silosTable, string clusterId, string serviceId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Services.AddSingleton(dynamo);
            client.UseDynamoDBClustering(o => o.TableName = silosTable);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SiloProcessClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
