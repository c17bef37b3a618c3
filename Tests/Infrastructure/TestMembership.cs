using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace AwsMultiEni.Tests.Infrastructure;

/// <summary>
/// Membership timings for test silos that get killed: a dead silo is declared dead within seconds instead of
/// minutes, while a live silo that a loaded 2-core machine starves for a few seconds is not: it must miss three
/// probes of two seconds, and where three or more silos are alive, two of them must vote it out.
/// </summary>
public static class TestMembership
{
    /// <summary>The timings as the silo's configuration keys under <paramref name="section"/> (such as <c>Orleans:Membership</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(string section) =>
    [
        new($"{section}:{nameof(ClusterMembershipOptions.ProbeTimeout)}", "00:00:02"),
        new($"{section}:{nameof(ClusterMembershipOptions.NumMissedProbesLimit)}", "3"),
        new($"{section}:{nameof(ClusterMembershipOptions.NumVotesForDeathDeclaration)}", "2"),
        new($"{section}:{nameof(ClusterMembershipOptions.TableRefreshTimeout)}", "00:00:02"),
        new($"{section}:{nameof(ClusterMembershipOptions.IAmAliveTablePublishTimeout)}", "00:00:05"),
    ];

    public static void Apply(ClusterMembershipOptions options) =>
        new ConfigurationBuilder().AddInMemoryCollection(Settings("Membership")).Build().GetSection("Membership").Bind(options);
}
