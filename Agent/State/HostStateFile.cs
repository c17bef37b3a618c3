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

    public HostState Read() =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<HostState>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"State file {path} holds null.")
            : HostState.Empty;

    public Task WriteAsync(HostState state, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(state, Json), cancellationToken);
}
