using AwsMultiEni.Storage.Reminders.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;

[assembly: RegisterProvider("DynamoDB", "Reminders", "Silo", typeof(DynamoDBReminderProviderBuilder))]

namespace AwsMultiEni.Storage.Reminders.Hosting;

/// <summary>
/// Lets Orleans' own configuration pick this provider, as with Orleans' official ones:
/// <c>Orleans:Reminders:ProviderType=DynamoDB</c>, options (<c>TableName</c>, <c>CreateIfNotExists</c>) in the same section.
/// </summary>
public sealed class DynamoDBReminderProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseDynamoDBReminderService(configurationSection.Bind);
}
