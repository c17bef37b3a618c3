using System.Net;
using Amazon.DynamoDBv2.Model;
using AwsMultiEni.Storage.Shared;
using Orleans;
using Orleans.Runtime;

namespace AwsMultiEni.Storage.Clustering;

/// <summary>
/// The rows of the membership table, with the attribute names of Orleans' official DynamoDB clustering:
/// <c>DeploymentId</c> (hash, the cluster id) and <c>SiloIdentity</c> (range, <c>{ip}-{port}-{generation}</c>,
/// or <c>VersionRow</c> for the row holding the table version).
/// </summary>
internal static class SiloRow
{
    public const string DeploymentId = "DeploymentId";
    public const string SiloIdentity = "SiloIdentity";
    public const string ETag = "ETag";
    public const string MembershipVersion = "MembershipVersion";
    public const string Address = "Address";
    public const string Port = "Port";
    public const string Generation = "Generation";
    public const string HostName = "HostName";
    public const string Status = "SiloStatus";
    public const string ProxyPort = "ProxyPort";
    public const string SiloName = "SiloName";
    public const string RoleName = "RoleName";
    public const string UpdateZone = "UpdateZone";
    public const string FaultZone = "FaultZone";
    public const string SuspectingSilos = "SuspectingSilos";
    public const string SuspectingTimes = "SuspectingTimes";
    public const string StartTime = "StartTime";
    public const string IAmAliveTime = "IAmAliveTime";
    public const string VersionRowIdentity = "VersionRow";

    private const char ListSeparator = '|';

    public static readonly DynamoDBTableSpec Table = new(new DynamoDBKey(DeploymentId, "S"), new DynamoDBKey(SiloIdentity, "S"));

    public static string Identity(SiloAddress silo) => $"{silo.Endpoint.Address}-{silo.Endpoint.Port}-{silo.Generation}";

    public static Dictionary<string, AttributeValue> Key(string clusterId, string siloIdentity) => new()
    {
        [DeploymentId] = DynamoDBAttributes.String(clusterId),
        [SiloIdentity] = DynamoDBAttributes.String(siloIdentity),
    };

    public static bool IsVersionRow(Dictionary<string, AttributeValue> item) => item.GetString(SiloIdentity) == VersionRowIdentity;

    public static TableVersion ToTableVersion(Dictionary<string, AttributeValue> versionRow) =>
        new((int)versionRow.GetNumber(MembershipVersion), DynamoDBAttributes.FormatETag(versionRow.GetNumber(ETag)));

    public static Dictionary<string, AttributeValue> ToItem(string clusterId, MembershipEntry entry, long eTag, int tableVersion)
    {
        var item = Key(clusterId, Identity(entry.SiloAddress));
        item[ETag] = DynamoDBAttributes.Number(eTag);
        item[MembershipVersion] = DynamoDBAttributes.Number(tableVersion);
        item[Address] = DynamoDBAttributes.String(entry.SiloAddress.Endpoint.Address.ToString());
        item[Port] = DynamoDBAttributes.Number(entry.SiloAddress.Endpoint.Port);
        item[Generation] = DynamoDBAttributes.Number(entry.SiloAddress.Generation);
        item[Status] = DynamoDBAttributes.Number((int)entry.Status);
        item[ProxyPort] = DynamoDBAttributes.Number(entry.ProxyPort);
        item[UpdateZone] = DynamoDBAttributes.Number(entry.UpdateZone);
        item[FaultZone] = DynamoDBAttributes.Number(entry.FaultZone);
        item[StartTime] = DynamoDBAttributes.Time(entry.StartTime);
        item[IAmAliveTime] = DynamoDBAttributes.Time(entry.IAmAliveTime);
        AddIfPresent(item, HostName, entry.HostName);
        AddIfPresent(item, SiloName, entry.SiloName);
        AddIfPresent(item, RoleName, entry.RoleName);
        if (entry.SuspectTimes is { Count: > 0 } suspects)
        {
            item[SuspectingSilos] = DynamoDBAttributes.String(string.Join(ListSeparator, suspects.Select(s => s.Item1.ToParsableString())));
            item[SuspectingTimes] = DynamoDBAttributes.String(string.Join(ListSeparator, suspects.Select(s => DynamoDBAttributes.Time(s.Item2).S)));
        }

        return item;
    }

    public static Tuple<MembershipEntry, string> ToEntry(Dictionary<string, AttributeValue> item)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Parse(item.GetString(Address)!), (int)item.GetNumber(Port), (int)item.GetNumber(Generation)),
            Status = (SiloStatus)item.GetNumber(Status),
            ProxyPort = (int)item.GetNumber(ProxyPort),
            HostName = item.GetString(HostName) ?? string.Empty,
            SiloName = item.GetString(SiloName) ?? string.Empty,
            RoleName = item.GetString(RoleName),
            UpdateZone = item.ContainsKey(UpdateZone) ? (int)item.GetNumber(UpdateZone) : 0,
            FaultZone = item.ContainsKey(FaultZone) ? (int)item.GetNumber(FaultZone) : 0,
            StartTime = item.GetTime(StartTime),
            IAmAliveTime = item.GetTime(IAmAliveTime),
            SuspectTimes = Suspects(item),
        };
        return Tuple.Create(entry, DynamoDBAttributes.FormatETag(item.GetNumber(ETag)));
    }

    private static List<Tuple<SiloAddress, DateTime>> Suspects(Dictionary<string, AttributeValue> item)
    {
        var silos = item.GetString(SuspectingSilos)?.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries) ?? [];
        var times = item.GetString(SuspectingTimes)?.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries) ?? [];
        return silos.Zip(times, (s, t) => Tuple.Create(SiloAddress.FromParsableString(s), DynamoDBAttributes.ParseTime(t))).ToList();
    }

    private static void AddIfPresent(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            item[name] = DynamoDBAttributes.String(value);
        }
    }
}
