using AwsMultiEni.Abstractions.Security;
using Orleans.Concurrency;

namespace AwsMultiEni.Abstractions.ReadModels;

/// <summary>
/// One cluster's attachment index, keyed by the cluster's name: every row its NodeENIs pushed, kept in memory and
/// rebuilt from them when it activates. Reads interleave.
/// </summary>
public interface IClusterIndexGrain : IGrainWithStringKey
{
    [ReadCall]
    [ReadOnly]
    Task<ClusterOverview> GetOverview();

    /// <summary>The page as asked, however many rows: the fleet index merges clusters' pages up to the end of its own.</summary>
    [ReadCall]
    [ReadOnly]
    Task<AttachmentPage> Query(AttachmentQuery query);
}
