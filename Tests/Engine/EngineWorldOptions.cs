using AwsMultiEni.Silo.Aws;

namespace AwsMultiEni.Tests.Engine;

/// <summary>How an <see cref="EngineWorld"/> runs its silos.</summary>
internal sealed record EngineWorldOptions
{
    public int Silos { get; init; } = 1;

    /// <summary>Grain storage, reminders and anything else for each silo; storage and reminders in memory when null.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    /// <summary>Wraps the EC2 gateway of the silo named by the second argument.</summary>
    public Func<IEc2Gateway, string, IEc2Gateway>? WrapGateway { get; init; }
}
