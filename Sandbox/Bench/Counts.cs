namespace AwsMultiEni.Sandbox.Bench;

internal static class Counts
{
    /// <summary>What each counter gained from <paramref name="before"/> to <paramref name="after"/>, leaving out those that did not.</summary>
    public static IReadOnlyDictionary<string, int> Since(IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after) =>
        new SortedDictionary<string, int>(
            after.Select(pair => (pair.Key, Count: pair.Value - before.GetValueOrDefault(pair.Key))).Where(pair => pair.Count > 0).ToDictionary(pair => pair.Key, pair => pair.Count, StringComparer.Ordinal),
            StringComparer.Ordinal);
}
