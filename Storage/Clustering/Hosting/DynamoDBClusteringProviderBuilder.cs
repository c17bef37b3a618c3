using AwsMultiEni.Storage.Clustering.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider("DynamoDB", "Clustering", "Silo", typeof(DynamoDBClusteringProviderBuilder))]
[assembly: RegisterProvider("DynamoDB", "Clustering", "Client", typeof(DynamoDBClusteringProviderBuilder))]

namespace AwsMultiEni.Storage.Clustering.Hosting;

/// <summary>
/// Lets Orleans' own configuration pick this provider, as with Orleans' official ones:
/// <c>Orleans:Clustering:ProviderType=DynamoDB</c>, options (<c>TableName</c>, <c>CreateIfNotExists</c>) in the same section.
/// </summary>
public sealed class DynamoDBClusteringProviderBuilder : IProviderBuilder<ISiloBuilder>, IProviderBuilder<IClientBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseDynamoDBClustering(configurationSection.Bind);

    public void Configure(IClientBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseDynamoDBClustering(configurationSection.Bind);
}
