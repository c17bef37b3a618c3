using System.Collections.Concurrent;
using AwsMultiEni.Sandbox.Ec2.Iam;
using AwsMultiEni.Storage.Clustering.Hosting;
using AwsMultiEni.Storage.GrainStorage.Hosting;
using AwsMultiEni.Storage.Reminders.Hosting;
using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Sandbox.Ec2;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// moto does not enforce IAM, so the shipped policy's DynamoDB statements are checked against what the providers put on
/// the wire: silos joining and leaving through the membership table, grain state written, read and cleared, reminders
/// registered and unregistered and their ranges read through the <c>ServiceIdIndex</c> index. Every authorization those
/// requests need must be allowed by <c>deploy/iam/silo-policy.json</c> (evaluated as the EC2 emulator evaluates IAM), and
/// every DynamoDB action and resource the policy grants must be one the workload used.
/// </summary>
public sealed class DynamoDBPolicyTests(SharedMotoServer moto)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_shipped_policy_allows_every_dynamodb_request_the_providers_make_and_grants_nothing_more()
    {
        var tables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OrleansSilos"] = MotoDynamoDB.UniqueName("Silos"),
            ["OrleansGrainState"] = MotoDynamoDB.UniqueName("GrainState"),
            ["OrleansReminders"] = MotoDynamoDB.UniqueName("Reminders"),
        };
        using var log = new DynamoDBOperationLog(moto.Url, moto.Region, tables);
        await RunWorkloadAsync(log, tables);

        var policy = IamPolicy.Parse(await File.ReadAllTextAsync(SiloPolicy.FilePath, Ct));
        var used = log.Authorizations;
        var refused = used.Where(a => IamEvaluator.Evaluate(policy, new IamRequest(a.Action, a.Resource, new IamContext().Set("aws:RequestedRegion", moto.Region))) != IamDecision.Allowed);
        Assert.Empty(refused);

        var granted = policy.Statements.Where(s => s.Allow && s.Actions.Any(IsDynamoDB)).ToList();
        var unusedActions = granted.SelectMany(s => s.Actions).Where(IsDynamoDB).Where(action => !used.Any(a => IamWildcard.Matches(action, a.Action, ignoreCase: true)));
        Assert.Empty(unusedActions);
        var unusedResources = granted.SelectMany(s => s.Resources).Where(resource => !used.Any(a => IamWildcard.Matches(resource, a.Resource, ignoreCase: false)));
        Assert.Empty(unusedResources);
    }

    private static bool IsDynamoDB(string action) => action.StartsWith("dynamodb:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Two silos on fresh tables (so the providers create them), grains' state and reminders, then one silo leaves.</summary>
    private async Task RunWorkloadAsync(DynamoDBOperationLog log, IReadOnlyDictionary<string, string> tables)
    {
        // The client finds gateways with its own DynamoDB client: its reads are not the silo's.
        var builder = DynamoDBTestClusterKeys.Builder(moto, 2, tables["OrleansSilos"], tables["OrleansGrainState"]);
        builder.Properties[RecordedSiloConfigurator.RemindersTable] = tables["OrleansReminders"];
        builder.Properties[RecordedSiloConfigurator.Log] = RecordedSiloConfigurator.Register(log);
        builder.AddSiloBuilderConfigurator<RecordedSiloConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var grains = Enumerable.Range(0, 8).Select(i => cluster.Client.GetGrain<IPolicyWorkloadGrain>($"workload-{i}")).ToList();
            foreach (var (grain, i) in grains.Select((g, i) => (g, i)))
            {
                Assert.Equal(i, await grain.WriteReadAndClear(i));
                await grain.Remind("kept");
                await grain.Remind("dropped");
                await grain.StopReminding("dropped");
            }

            await cluster.StopSiloAsync(cluster.Silos[^1]);
            await Poll.UntilAsync(
                () => Task.FromResult(log.Authorizations.Any(a => a.Action == "dynamodb:Query" && a.Resource.EndsWith("/index/ServiceIdIndex", StringComparison.Ordinal))),
                Deadline,
                "a reminder range read through ServiceIdIndex");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}

/// <summary>Silos whose DynamoDB client is a test's <see cref="DynamoDBOperationLog"/>, with membership, grain state and reminders on it.</summary>
public sealed class RecordedSiloConfigurator : ISiloConfigurator
{
    public const string Log = "Test:DynamoDBOperationLog";
    public const string RemindersTable = "Test:RemindersTable";

    // Silos are built from configurator types, so each finds its test's log by the key the test put in the properties.
    private static readonly ConcurrentDictionary<string, DynamoDBOperationLog> Logs = new(StringComparer.Ordinal);

    internal static string Register(DynamoDBOperationLog log)
    {
        var key = Guid.NewGuid().ToString("N");
        Logs[key] = log;
        return key;
    }

    public void Configure(ISiloBuilder siloBuilder)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        var configuration = siloBuilder.Configuration;
        siloBuilder.Services.AddSingleton(Logs[configuration[Log]!].Client);
        siloBuilder.UseDynamoDBClustering(o => o.TableName = configuration[DynamoDBTestClusterKeys.SilosTable]!);
        siloBuilder.AddDynamoDBGrainStorageAsDefault(o => o.TableName = configuration[DynamoDBTestClusterKeys.GrainStateTable]!);
        siloBuilder.UseDynamoDBReminderService(o => o.TableName = configuration[RemindersTable]!);
        siloBuilder.Configure<ClusterMembershipOptions>(TestMembership.Apply);
    }
}
