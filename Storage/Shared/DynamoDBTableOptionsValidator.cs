using System.Text.RegularExpressions;
using Orleans;
using Orleans.Runtime;

namespace AwsMultiEni.Storage.Shared;

/// <summary>Rejects a table name DynamoDB would reject, at start-up rather than on the first request.</summary>
public partial class DynamoDBTableOptionsValidator<TOptions>(TOptions options, string providerName) : IConfigurationValidator
    where TOptions : DynamoDBTableOptions
{
    protected TOptions Options => options;

    public virtual void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.TableName) || !TableNamePattern().IsMatch(options.TableName))
        {
            throw Invalid($"{nameof(DynamoDBTableOptions.TableName)} '{options.TableName}' is not a valid DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.').");
        }
    }

    protected OrleansConfigurationException Invalid(string problem) =>
        new($"Configuration for {typeof(TOptions).Name} '{providerName}' is invalid: {problem}");

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex TableNamePattern();
}
