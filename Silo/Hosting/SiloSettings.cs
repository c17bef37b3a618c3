using System.Net;
using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Storage.GrainStorage.Options;
using AwsMultiEni.Storage.Reminders.Options;
using Microsoft.Extensions.Configuration;

namespace AwsMultiEni.Silo.Hosting;

/// <summary>The <c>Orleans</c> configuration section of the silo host.</summary>
public sealed record SiloSettings
{
    public const string SectionName = "Orleans";

    public static SiloSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<SiloSettings>() ?? new SiloSettings();

    public string ClusterId { get; init; } = "awsmultieni";
    public string ServiceId { get; init; } = "awsmultieni";
    public ProviderSetting Clustering { get; init; } = new();
    public ProviderSetting Persistence { get; init; } = new();
    public EndpointSettings Endpoints { get; init; } = new();
    public DynamoDBSettings DynamoDB { get; init; } = new();
}

public sealed record ProviderSetting
{
    public string? Provider { get; init; }
}

public sealed record EndpointSettings
{
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    public string? AdvertisedIP { get; init; }

    public IPAddress? ParseAdvertisedIP() =>
        AdvertisedIP is null or "" ? null
        : IPAddress.TryParse(AdvertisedIP, out var ip) ? ip
        : throw new InvalidOperationException($"Orleans:Endpoints:AdvertisedIP '{AdvertisedIP}' is not an IP address.");
}

/// <summary>Tables of the DynamoDB providers (used when a provider is <c>DynamoDB</c>).</summary>
public sealed record DynamoDBSettings
{
    public bool CreateTables { get; init; } = true;
    public string GrainStateTable { get; init; } = DynamoDBGrainStorageOptions.DefaultTableName;
    public string SilosTable { get; init; } = DynamoDBClusteringOptions.DefaultTableName;
    public string RemindersTable { get; init; } = DynamoDBReminderOptions.DefaultTableName;
}
