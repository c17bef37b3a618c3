namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>
/// Which test process a class runs in. <c>test.sh</c> runs every class without this trait first, then the
/// <see cref="Heavy"/> classes in a process of their own, one at a time, so that a multi-silo rollout gets the
/// machine to itself; <see cref="Every"/> runs in both (the suite-end leak check).
/// </summary>
public static class TestProcess
{
    public const string Trait = "Process";
    public const string Heavy = "heavy";
    public const string Every = "every";
}

/// <summary>The heavy engine classes: never in parallel with one another (nor with anything else, in their own process).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
