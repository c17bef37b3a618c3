using Microsoft.Extensions.Configuration;

namespace AwsMultiEni.Security.Tls;

/// <summary>
/// Mutual TLS for Orleans traffic (configuration section <c>Security:Tls</c>): the directory of a Kubernetes
/// <c>kubernetes.io/tls</c> Secret with <c>ca.crt</c>. Unset, every connection is plaintext.
/// </summary>
public sealed record TlsSettings
{
    public const string SectionName = "Security:Tls";

    /// <summary>The configuration key of <see cref="Directory"/> (<c>Security__Tls__Directory</c> in the environment).</summary>
    public const string DirectoryKey = SectionName + ":Directory";

    /// <summary>Holds <see cref="TlsFiles.CertificateFile"/>, <see cref="TlsFiles.KeyFile"/> and <see cref="TlsFiles.AuthoritiesFile"/>.</summary>
    public string? Directory { get; init; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Directory);

    public static TlsSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(SectionName).Get<TlsSettings>() ?? new TlsSettings();
    }
}
