using Xunit.Sdk;
using Xunit.v3;

namespace AwsMultiEni.Tests.Infrastructure.Leaks;

/// <summary>
/// The last collection of every test process. Collections that disable parallelization run one after another once
/// every parallel one has finished; <see cref="SuiteEndLast"/> puts this one after them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SuiteEnd
{
    public const string Name = "Suite end";
}

/// <summary>The default order, with <see cref="SuiteEnd"/> moved to the end.</summary>
public sealed class SuiteEndLast : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection
    {
        var ordered = DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections);
        return [.. ordered.Where(c => !IsSuiteEnd(c)), .. ordered.Where(c => IsSuiteEnd(c))];
    }

    private static bool IsSuiteEnd(ITestCollection collection) => collection.TestCollectionClassName == typeof(SuiteEnd).FullName;
}
