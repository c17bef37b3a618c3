using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// Counts a test silo as running from its first lifecycle stage until that stage stops, which Orleans runs on a
/// graceful stop and on a kill alike; a silo nobody stopped is still running when the suite ends.
/// </summary>
internal sealed class SiloLiveness(LiveResources registry, ILocalSiloDetails silo) : ILifecycleParticipant<ISiloLifecycle>
{
    private LiveResource? _running;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(SiloLiveness),
            ServiceLifecycleStage.RuntimeInitialize,
            _ =>
            {
                _running = registry.Track($"silo {silo.Name} ({silo.SiloAddress})");
                return Task.CompletedTask;
            },
            _ =>
            {
                _running?.Dispose();
                return Task.CompletedTask;
            });
}

public static class SiloLivenessExtensions
{
    /// <summary>Reports this silo to <paramref name="registry"/> (the suite's own when null) while it runs.</summary>
    public static IServiceCollection TrackSiloLiveness(this IServiceCollection services, LiveResources? registry = null)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SiloLiveness>(
            provider => new SiloLiveness(registry ?? LiveResources.Global, provider.GetRequiredService<ILocalSiloDetails>())));
        return services;
    }
}
