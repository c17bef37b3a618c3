using AwsMultiEni.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider(FleetClusteringProviderBuilder.ProviderType, "Clustering", "Silo", typeof(FleetClusteringProviderBuilder))]

namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// The fleet silo's clustering choice (<c>Orleans:Clustering:Provider</c>) as the Orleans clustering provider
/// that Orleans 10 looks up by <c>Orleans:Clustering:ProviderType</c> whenever that section exists.
/// </summary>
internal sealed class FleetClusteringProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public const string ProviderType = "AwsMultiEniFleet";
    public const string ProviderTypeKey = "Orleans:Clustering:ProviderType";

    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        SiloHostingExtensions.ConfigureClustering(builder, SiloSettings.From(builder.Configuration));
}
