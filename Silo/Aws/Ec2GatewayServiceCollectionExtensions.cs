using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AwsMultiEni.Silo.Aws;

public static class Ec2GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEc2GatewayFactory"/> (a gateway per region and role) and <see cref="IEc2Gateway"/> for the
    /// default region (<c>Aws:Ec2:Region</c>, else the SDK's region chain), options from <c>Aws:Ec2</c>. In a silo,
    /// the budget of each region is split across the active silos (<see cref="Ec2BudgetShareService"/>). Also
    /// <see cref="IEksClusters"/>, with which registered EKS endpoints are verified.
    /// </summary>
    public static IServiceCollection AddEc2Gateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<Ec2GatewayOptions>()
            .Bind(configuration.GetSection(Ec2GatewayOptions.SectionName))
            .Validate(o => o.MaxAttempts >= 1 && o.PageSize is >= 5 and <= 1000 && o.MaxBatchSize is >= 1 and <= 200, "Aws:Ec2: MaxAttempts must be at least 1, PageSize 5..1000, MaxBatchSize 1..200.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Ec2Metrics>();
        services.TryAddSingleton<Ec2BudgetRegistry>();
        services.TryAddSingleton<AwsIdentities>();
        services.TryAddSingleton<IEc2GatewayFactory, Ec2GatewayFactory>();
        services.TryAddSingleton<IEksClusters, EksClusters>();
        services.AddHostedService<Ec2BudgetShareService>();
        services.TryAddSingleton(provider =>
        {
            var region = provider.GetRequiredService<IOptions<Ec2GatewayOptions>>().Value.ResolveRegion();
            return provider.GetRequiredService<IEc2GatewayFactory>().ForRegion(region);
        });
        return services;
    }
}
