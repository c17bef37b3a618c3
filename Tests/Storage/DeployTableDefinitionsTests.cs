using System.Diagnostics;
using AwsMultiEni.Storage.Clustering;
using AwsMultiEni.Storage.Clustering.Options;
using AwsMultiEni.Storage.GrainStorage;
using AwsMultiEni.Storage.GrainStorage.Options;
using AwsMultiEni.Storage.Reminders;
using AwsMultiEni.Storage.Reminders.Options;
using AwsMultiEni.Storage.Shared;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Storage;

/// <summary>
/// The table definitions in deploy/dynamodb, created the way <c>aws dynamodb create-table --cli-input-json</c> does
/// (botocore, which moto brings along), satisfy the providers with table creation turned off.
/// </summary>
public sealed class DeployTableDefinitionsTests(SharedMotoServer moto)
{
    private const string CreateTable =
        "import boto3, json, sys; d = json.load(open(sys.argv[1])); d['TableName'] = sys.argv[2]; " +
        "boto3.client('dynamodb', endpoint_url=sys.argv[3], region_name=sys.argv[4], aws_access_key_id='test', aws_secret_access_key='test').create_table(**d)";

    public static TheoryData<string> Definitions => ["OrleansGrainState", "OrleansSilos", "OrleansReminders"];

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task A_table_created_from_its_definition_passes_the_providers_check_without_creation(string definition)
    {
        var table = MotoDynamoDB.UniqueName(definition);
        await CreateFromDefinitionAsync(definition, table);
        using var services = new StorageTestServices(moto.CreateDynamoDBClient(), "service", "cluster");
        (DynamoDBTableSpec spec, DynamoDBTableOptions options) = definition switch
        {
            "OrleansGrainState" => (GrainStateItem.Table, (DynamoDBTableOptions)new DynamoDBGrainStorageOptions { TableName = table, CreateIfNotExists = false }),
            "OrleansSilos" => (SiloRow.Table, new DynamoDBClusteringOptions { TableName = table, CreateIfNotExists = false }),
            _ => (ReminderRow.Table, new DynamoDBReminderOptions { TableName = table, CreateIfNotExists = false }),
        };

        await services.Tables.EnsureAsync(spec, options, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_table_with_another_key_schema_fails_the_check_naming_the_table_and_the_expected_keys()
    {
        var table = MotoDynamoDB.UniqueName("NotSilos");
        await CreateFromDefinitionAsync("OrleansGrainState", table);
        using var services = new StorageTestServices(moto.CreateDynamoDBClient(), "service", "cluster");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            services.Tables.EnsureAsync(SiloRow.Table, new DynamoDBClusteringOptions { TableName = table }, TestContext.Current.CancellationToken));

        Assert.Contains($"DynamoDB table '{table}' exists but does not have the expected key schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("hash key DeploymentId", error.Message, StringComparison.Ordinal);
    }

    private async Task CreateFromDefinitionAsync(string definition, string table)
    {
        var file = Path.Combine(RepositoryRoot.Path, "deploy", "dynamodb", $"{definition}.json");
        var start = new ProcessStartInfo("python3", ["-c", CreateTable, file, table, moto.Url.ToString(), moto.Region])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var python = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3.");
        var errors = await python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(python.ExitCode == 0, $"create-table from {file} failed: {errors}");
    }
}
