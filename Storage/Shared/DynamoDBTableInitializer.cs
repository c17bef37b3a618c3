using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Storage.Shared;

/// <summary>
/// Makes sure a provider's table exists with the key schema it relies on before the provider serves
/// a request: creates it (on-demand capacity) when allowed, otherwise fails start-up with a message
/// that names the table and the option to change.
/// </summary>
public sealed partial class DynamoDBTableInitializer(IAmazonDynamoDB client, ILogger<DynamoDBTableInitializer> logger)
{
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ActivePollInterval = TimeSpan.FromMilliseconds(500);

    public async Task EnsureAsync(DynamoDBTableSpec spec, DynamoDBTableOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var table = await DescribeAsync(options.TableName, cancellationToken);
        if (table is null)
        {
            if (!options.CreateIfNotExists)
            {
                throw new InvalidOperationException(
                    $"DynamoDB table '{options.TableName}' does not exist and {options.GetType().Name}.{nameof(DynamoDBTableOptions.CreateIfNotExists)} is false " +
                    $"(silo host: Orleans__DynamoDB__CreateTables). Create the table (deploy/dynamodb/ has its definition) or allow creation.");
            }

            await CreateAsync(spec, options.TableName, cancellationToken);
            table = await DescribeAsync(options.TableName, cancellationToken);
        }

        Verify(spec, options.TableName, table!);
        await WaitUntilActiveAsync(options.TableName, table!, cancellationToken);
    }

    private async Task<TableDescription?> DescribeAsync(string tableName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(tableName, cancellationToken);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"Cannot reach DynamoDB at {Endpoint()} to check table '{tableName}': {ex.Message} " +
                "Check AWS_ENDPOINT_URL_DYNAMODB (or AWS_ENDPOINT_URL), AWS_REGION and the AWS credentials, and that the endpoint is reachable from this host.",
                ex);
        }
    }

    private string Endpoint() =>
        client.Config.ServiceURL is { Length: > 0 } url ? url
        : client.Config.RegionEndpoint is { } region ? $"the {region.SystemName} regional endpoint"
        : "the configured endpoint";

    private async Task CreateAsync(DynamoDBTableSpec spec, string tableName, CancellationToken cancellationToken)
    {
        var attributes = new[] { spec.Hash, spec.Range }
            .Concat(spec.Indexes.SelectMany(i => new[] { i.Hash, i.Range }))
            .DistinctBy(k => k.Name)
            .Select(k => new AttributeDefinition(k.Name, k.Type))
            .ToList();
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = KeySchema(spec.Hash, spec.Range),
            AttributeDefinitions = attributes,
        };
        if (spec.Indexes.Count > 0)
        {
            request.GlobalSecondaryIndexes = spec.Indexes
                .Select(i => new GlobalSecondaryIndex
                {
                    IndexName = i.Name,
                    KeySchema = KeySchema(i.Hash, i.Range),
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                })
                .ToList();
        }

        try
        {
            await client.CreateTableAsync(request, cancellationToken);
            LogTableCreated(logger, tableName, spec.Describe());
        }
        catch (ResourceInUseException)
        {
            // Another silo created it at the same moment: what matters is that it exists.
            LogTableCreatedConcurrently(logger, tableName);
        }
    }

    private static List<KeySchemaElement> KeySchema(DynamoDBKey hash, DynamoDBKey range) =>
        [new KeySchemaElement(hash.Name, KeyType.HASH), new KeySchemaElement(range.Name, KeyType.RANGE)];

    private static void Verify(DynamoDBTableSpec spec, string tableName, TableDescription table)
    {
        var keys = table.KeySchema ?? [];
        var indexes = table.GlobalSecondaryIndexes ?? [];
        var matches = HasKeys(keys, spec.Hash, spec.Range)
            && spec.Indexes.All(i => indexes.Any(g => g.IndexName == i.Name && HasKeys(g.KeySchema ?? [], i.Hash, i.Range)));
        if (!matches)
        {
            throw new InvalidOperationException(
                $"DynamoDB table '{tableName}' exists but does not have the expected key schema ({spec.Describe()}). " +
                "Point the provider at another table name or recreate the table from deploy/dynamodb/.");
        }
    }

    private static bool HasKeys(List<KeySchemaElement> schema, DynamoDBKey hash, DynamoDBKey range) =>
        schema.Any(k => k.KeyType == KeyType.HASH && k.AttributeName == hash.Name)
        && schema.Any(k => k.KeyType == KeyType.RANGE && k.AttributeName == range.Name);

    private async Task WaitUntilActiveAsync(string tableName, TableDescription table, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ActiveTimeout);
        while (table.TableStatus != TableStatus.ACTIVE)
        {
            try
            {
                await Task.Delay(ActivePollInterval, deadline.Token);
                table = (await client.DescribeTableAsync(tableName, deadline.Token)).Table;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"DynamoDB table '{tableName}' did not become ACTIVE within {ActiveTimeout.TotalMinutes:0} minutes (status {table.TableStatus}).");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created DynamoDB table {TableName} ({Schema}), billed per request")]
    private static partial void LogTableCreated(ILogger logger, string tableName, string schema);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DynamoDB table {TableName} was created concurrently by another silo")]
    private static partial void LogTableCreatedConcurrently(ILogger logger, string tableName);
}
