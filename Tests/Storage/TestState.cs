namespace AwsMultiEni.Tests.Storage;

[GenerateSerializer]
public sealed class TestState
{
    [Id(0)]
    public string Text { get; set; } = "";

    [Id(1)]
    public byte[] Payload { get; set; } = [];
}
