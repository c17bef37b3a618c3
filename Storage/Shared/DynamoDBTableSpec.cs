using Amazon.DynamoDBv2;

namespace AwsMultiEni.Storage.Shared;

/// <summary>A key attribute: its name and DynamoDB scalar type.</summary>
public sealed record DynamoDBKey(string Name, ScalarAttributeType Type);

/// <summary>A global secondary index a provider queries, projecting all attributes.</summary>
public sealed record DynamoDBIndexSpec(string Name, DynamoDBKey Hash, DynamoDBKey Range);

/// <summary>The key schema a provider relies on; tables are created with it or verified against it.</summary>
public sealed record DynamoDBTableSpec(DynamoDBKey Hash, DynamoDBKey Range, IReadOnlyList<DynamoDBIndexSpec> Indexes)
{
    public DynamoDBTableSpec(DynamoDBKey hash, DynamoDBKey range)
        : this(hash, range, [])
    {
    }

    public string Describe() =>
        $"hash key {Hash.Name} ({Hash.Type}), range key {Range.Name} ({Range.Type})"
        + string.Concat(Indexes.Select(i => $", index {i.Name} ({i.Hash.Name}, {i.Range.Name})"));
}
