using AwsMultiEni.Storage.GrainStorage.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace AwsMultiEni.Storage.GrainStorage.Hosting;

/// <summary>Adds DynamoDB grain storage providers to a silo.</summary>
public static class DynamoDBGrainStorageHostingExtensions
{
    public static ISiloBuilder AddDynamoDBGrainStorageAsDefault(this ISiloBuilder builder, Action<DynamoDBGrainStorageOptions> configure) =>
        builder.AddDynamoDBGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    public static ISiloBuilder AddDynamoDBGrainStorage(this ISiloBuilder builder, string name, Action<DynamoDBGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDynamoDBGrainStorage(name, configure);
        return builder;
    }

    public static IServiceCollection AddDynamoDBGrainStorage(this IServiceCollection services, string name, Action<DynamoDBGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddDynamoDBProviderPlumbing();
        services.AddOptions<DynamoDBGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IPostConfigureOptions<DynamoDBGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<DynamoDBGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(sp => new DynamoDBGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<DynamoDBGrainStorageOptions>>().Get(name), name));
        services.ConfigureNamedOptionForLogging<DynamoDBGrainStorageOptions>(name);
        return services.AddGrainStorage(name, DynamoDBGrainStorage.Create);
    }
}
