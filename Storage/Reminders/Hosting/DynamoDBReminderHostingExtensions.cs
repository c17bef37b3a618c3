using AwsMultiEni.Storage.Reminders.Options;
using AwsMultiEni.Storage.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;

namespace AwsMultiEni.Storage.Reminders.Hosting;

/// <summary>Keeps the silo's reminders in DynamoDB.</summary>
public static class DynamoDBReminderHostingExtensions
{
    public static ISiloBuilder UseDynamoDBReminderService(this ISiloBuilder builder, Action<DynamoDBReminderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        builder.Services.AddDynamoDBProviderPlumbing();
        builder.Services.AddOptions<DynamoDBReminderOptions>().Configure(configure);
        builder.Services.AddTransient<IConfigurationValidator>(sp => new DynamoDBReminderOptionsValidator(sp.GetRequiredService<IOptions<DynamoDBReminderOptions>>().Value));
        builder.Services.AddSingleton<IReminderTable, DynamoDBReminderTable>();
        return builder;
    }
}
