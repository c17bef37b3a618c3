using System.Text.Json.Serialization;

namespace AwsMultiEni.Ipam;

/// <summary>Source-generated (de)serialization: no reflection, so the plugin runs as NativeAOT. Go-style case-insensitive reads.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NetworkConfig))]
[JsonSerializable(typeof(VersionRequest))]
[JsonSerializable(typeof(InterfaceRanges))]
[JsonSerializable(typeof(IpamResult))]
[JsonSerializable(typeof(VersionResult))]
[JsonSerializable(typeof(ErrorResult))]
internal sealed partial class IpamJsonContext : JsonSerializerContext;
