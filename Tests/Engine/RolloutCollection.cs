namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// Rollouts of hundreds of nodes run alone, after the parallel tests: their silos, emulators and moto would
/// otherwise share two cores with every other test, and what they measure is recovery, not contention.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RolloutCollection
{
    public const string Name = "Rollouts of hundreds of nodes";
}
