using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace AwsMultiEni.Storage.Clustering;

/// <summary>Gives Orleans clients the gateways of the Active silos listed in the DynamoDB membership table.</summary>
public sealed class DynamoDBGatewayListProvider(
    IOptions<DynamoDBClusteringOptions> options,
    IOptions<ClusterOptions> clusterOptions,
    IOptions<GatewayOptions> gatewayOptions,
    IAmazonDynamoDB client,
    DynamoDBTableInitializer tables) : IGatewayListProvider
{
    private const string ClusterIdValue = ":clusterId";

    public TimeSpan MaxStaleness => gatewayOptions.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) =>
        tables.EnsureAsync(SiloRow.Table, options.Value, cancellationToken);

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var rows = await client.QueryAllAsync(
            new QueryRequest
            {
                TableName = options.Value.TableName,
                KeyConditionExpression = $"{SiloRow.DeploymentId} = {ClusterIdValue}",
                ExpressionAttributeValues = new() { [ClusterIdValue] = DynamoDBAttributes.String(clusterOptions.Value.ClusterId) },
            },
            cancellationToken);
        return rows
            .Where(r => !SiloRow.IsVersionRow(r))
            .Select(r => SiloRow.ToEntry(r).Item1)
            .Where(e => e.Status == SiloStatus.Active && e.ProxyPort > 0)
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
