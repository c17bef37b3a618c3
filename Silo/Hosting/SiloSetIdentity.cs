namespace AwsMultiEni.Silo.Hosting;

/// <summary>
/// Which silo set this silo belongs to, as member clusters' Leases name their holder: its Orleans ServiceId and its own
/// region (a ServiceId alone is not unique: every region's set may keep the default). Every silo of the set is the same
/// holder, so a cluster moving between them (failover, rolling update) keeps its lease.
/// </summary>
public sealed record SiloSetIdentity(string ServiceId, string Region)
{
    public string Holder => $"{ServiceId}@{Region}";
}
