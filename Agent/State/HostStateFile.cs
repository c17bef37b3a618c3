using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsMultiEni.Agent.State;

/// <summary>The host state file (JSON), replaced atomically on every change.</summary>
public sealed class HostStateFile(string path)
{
    public const string DefaultPath = "/var/lib/awsmultieni/agent-state.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Path { get; } = path;

    public HostState Read() =>
        File.Exists(Path)
            ? JsonSerializer.Deserialize<HostState>(File.ReadAllBytes(Path), Json)
                ?? throw new InvalidDataException($"State file {Path} holds null.")
            : HostState.Empty;

    public Task WriteAsync(HostState state, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(Path, JsonSerializer.SerializeToUtf8Bytes(state, Json), cancellationToken);
}
