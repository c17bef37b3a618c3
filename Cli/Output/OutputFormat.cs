namespace AwsMultiEni.Cli.Output;

/// <summary>How a command writes its result: a table for people, or the objects themselves for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}
