using Amazon.DynamoDBv2;

namespace AwsMultiEni.Sandbox.Bench;

/// <summary>How a benchmark runs its silos: how many, against which world, with which engine periods and storage.</summary>
/// <param name="StateSizes">Where the silos' default grain storage reports the size of every state it writes.</param>
/// <param name="Calls">Counts the grain calls every silo receives.</param>
/// <param name="DynamoDB">Grain state and reminders in DynamoDB through this client (tables named by <see cref="TablePrefix"/>); in memory when null.</param>
internal sealed record BenchSiloOptions(
    int Silos,
    BenchWorld World,
    TimeSpan PollInterval,
    TimeSpan DriftInterval,
    IAmazonDynamoDB? DynamoDB,
    string TablePrefix,
    GrainStateSizes StateSizes,
    GrainCallCounter Calls);
