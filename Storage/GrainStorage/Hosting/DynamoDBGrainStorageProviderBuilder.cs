using AwsMultiEni.Storage.GrainStorage.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider("DynamoDB", "GrainStorage", "Silo", typeof(DynamoDBGrainStorageProviderBuilder))]

namespace AwsMultiEni.Storage.GrainStorage.Hosting;

/// <summary>
/// Lets Orleans' own configuration add this provider, as with Orleans' official ones:
/// <c>Orleans:GrainStorage:{name}:ProviderType=DynamoDB</c>, options (<c>TableName</c>, <c>CreateIfNotExists</c>,
/// <c>DeleteStateOnClear</c>) in the same section.
/// </summary>
public sealed class DynamoDBGrainStorageProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.AddDynamoDBGrainStorage(name, configurationSection.Bind);
    }
}
